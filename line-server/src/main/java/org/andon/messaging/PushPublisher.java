package org.andon.messaging;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.andon.log.EntriesCommitted;
import org.andon.log.LoggedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
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

	private final UserQueues queues;

	PushPublisher(SimpMessagingTemplate template, UserQueues queues, MeterRegistry meters) {
		this.template = template;
		this.queues = queues;
		this.haltLatency = Timer.builder("andon.stop.halt.latency")
			.description("Time from a STOP being durably committed to each HALT push being sent").register(meters);
	}

	@EventListener
	void on(EntriesCommitted committed) {
		for (LoggedEvent e : committed.events()) {
			for (StationFeed.Addressed a : StationFeed.pushesFor(e)) {
				queues.send(a.stationId(), "/queue/station", a.push());
				if ("HALT".equals(a.push().type())) {
					haltLatency.record(System.nanoTime() - committed.durableAtNanos(), TimeUnit.NANOSECONDS);
				}
			}
			template.convertAndSend("/topic/line." + e.lineId(), e, mutableHeaders());
		}
	}

	/**
	 * With publish order preserved, the broker channel adds a header to every message it queues; a message built
	 * from immutable headers is then refused and the push is lost. Every push is therefore built mutable.
	 */
	static java.util.Map<String, Object> mutableHeaders() {
		SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		headers.setLeaveMutable(true);
		return headers.getMessageHeaders();
	}
}
