package org.andon.messaging;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.andon.log.EntriesCommitted;
import org.andon.log.LoggedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;

/**
 * After every durable commit: each entry to its line's topic ({@code /topic/line.ID}) for boards, and each station
 * push to that station's queue. Times every HALT from the STOP being durable to the push being handed to the broker.
 */
@Component
class PushPublisher {

	private final SimpMessagingTemplate template;
	private final Timer haltLatency;

	PushPublisher(SimpMessagingTemplate template, MeterRegistry meters) {
		this.template = template;
		this.haltLatency = Timer.builder("andon.stop.halt.latency")
			.description("Time from a STOP being durably committed to each HALT push being sent").register(meters);
	}

	@EventListener
	void on(EntriesCommitted committed) {
		for (LoggedEvent e : committed.events()) {
			for (StationFeed.Addressed a : StationFeed.pushesFor(e)) {
				template.convertAndSendToUser(a.stationId(), "/queue/station", a.push());
				if ("HALT".equals(a.push().type())) {
					haltLatency.record(System.nanoTime() - committed.durableAtNanos(), TimeUnit.NANOSECONDS);
				}
			}
			template.convertAndSend("/topic/line." + e.lineId(), e);
		}
	}
}
