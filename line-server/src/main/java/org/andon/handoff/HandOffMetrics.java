package org.andon.handoff;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.andon.log.EntriesCommitted;
import org.andon.log.LoggedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Hand-offs by decision, rejects and reported defects by defect code; counted once durably committed. */
@Component
class HandOffMetrics {

	private final MeterRegistry meters;

	HandOffMetrics(MeterRegistry meters, org.andon.line.Topology topology,
			org.springframework.jdbc.core.JdbcTemplate jdbc) {
		this.meters = meters;
		// read at each scrape: an index count, and right after a restart too
		topology.lines().keySet().forEach(line -> io.micrometer.core.instrument.Gauge
			.builder("andon.holds.open", () -> jdbc.queryForObject("select count(*) from part_hold where line_id = ? "
					+ "and status = 'OPEN'", Long.class, line))
			.description("Suspect parts on hold now, waiting for quality to release or confirm them")
			.tag("line", line).register(meters));
	}

	@EventListener
	void on(EntriesCommitted committed) {
		for (LoggedEvent e : committed.events()) {
			switch (e.type()) {
				case HandOffHandler.HAND_OFF_ACCEPTED -> handOff(e, "ACCEPTED");
				case HandOffHandler.PASS_BLOCKED -> handOff(e, "BLOCKED");
				case HandOffHandler.HAND_OFF_REJECTED -> {
					handOff(e, "REJECTED");
					Counter.builder("andon.rejects").description("Parts rejected by their customer, by defect code")
						.tag("line", e.lineId()).tag("defect_code", e.text("defectCode"))
						.tag("supplier", e.text("supplier")).register(meters).increment();
				}
				case HandOffHandler.DEFECT_REPORTED -> Counter.builder("andon.defects.reported")
					.description("Defects reported by the station holding the part, by defect code")
					.tag("line", e.lineId()).tag("defect_code", e.text("defectCode")).register(meters).increment();
				case Containments.PART_HELD -> holds(e, "opened");
				case Containments.HOLD_RELEASED, Containments.HOLD_CONFIRMED -> {
					holds(e, e.type().equals(Containments.HOLD_RELEASED) ? "released" : "confirmed");
					io.micrometer.core.instrument.Timer.builder("andon.hold.time")
						.description("How long suspect parts stayed on hold before quality released or confirmed them")
						.tag("line", e.lineId()).register(meters)
						.record(java.time.Duration.ofSeconds(e.data().path("seconds").asLong()));
				}
				case Containments.CONTAINMENT_OPENED -> Counter.builder("andon.containments")
					.description("Defects traced to their origin whose suspect parts were put on hold")
					.tag("line", e.lineId()).tag("origin", e.stationId()).register(meters).increment();
				default -> {
				}
			}
		}
	}

	private void holds(LoggedEvent e, String event) {
		Counter.builder("andon.holds").description("Holds of suspect parts: opened, released, confirmed")
			.tag("line", e.lineId()).tag("event", event).register(meters).increment();
	}

	private void handOff(LoggedEvent e, String decision) {
		Counter.builder("andon.handoffs").description("Hand-offs between stations, by decision")
			.tag("line", e.lineId()).tag("decision", decision).register(meters).increment();
	}
}
