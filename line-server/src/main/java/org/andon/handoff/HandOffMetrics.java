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

	HandOffMetrics(MeterRegistry meters) {
		this.meters = meters;
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
				default -> {
				}
			}
		}
	}

	private void handOff(LoggedEvent e, String decision) {
		Counter.builder("andon.handoffs").description("Hand-offs between stations, by decision")
			.tag("line", e.lineId()).tag("decision", decision).register(meters).increment();
	}
}
