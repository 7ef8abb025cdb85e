package org.andon.line;

import java.time.Clock;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * {@code andon_shift_active{line,shift}}: 1 while the rostered shift is on (in the plant's zone), else 0. Alerts that
 * only matter while people work (a station offline) are gated on it.
 */
@Component
class ShiftMetrics {

	ShiftMetrics(Topology topology, Clock clock, MeterRegistry meters) {
		for (Line line : topology.allLines()) {
			for (Shift shift : line.roster().shifts()) {
				Gauge.builder("andon.shift.active", () -> line.roster().shiftAt(clock.instant(), topology.zone())
					.filter(on -> on.name().equals(shift.name())).isPresent() ? 1 : 0)
					.description("1 while the rostered shift is on, by line and shift")
					.tag("line", line.id()).tag("shift", shift.name()).register(meters);
			}
		}
	}
}
