package org.andon.stop;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.andon.log.EntriesCommitted;
import org.andon.log.LoggedEvent;
import org.andon.protocol.StationState;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Stops by reason and quality-restart keys (counted once committed), stations by state (read at scrape time). */
@Component
class StopMetrics {

	private final MeterRegistry meters;

	StopMetrics(MeterRegistry meters, LineStates states) {
		this.meters = meters;
		for (StationState state : StationState.values()) {
			Gauge.builder("andon.stations", states, s -> s.countIn(state))
				.description("Stations by current state").tag("state", state.name()).register(meters);
		}
	}

	@EventListener
	void on(EntriesCommitted committed) {
		for (LoggedEvent e : committed.events()) {
			if (StopHandler.STOP_STARTED.equals(e.type())) {
				Counter.builder("andon.stops").description("Line stops, by reason").tag("line", e.lineId())
					.tag("reason", e.text("reason")).register(meters).increment();
			}
			else if (StopHandler.SIGNED_OFF.equals(e.type())) {
				Counter.builder("andon.stop.sign.offs").description("Keys given to restart quality stops, by key")
					.tag("line", e.lineId()).tag("key", e.text("key")).register(meters).increment();
			}
		}
	}
}
