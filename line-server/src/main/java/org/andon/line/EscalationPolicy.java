package org.andon.line;

import java.time.Duration;
import java.util.List;

/**
 * How a line calls for help: the ordered levels, and optionally the rule that repeated rejects of one supplier's
 * parts open an incident too ({@code rejectCount} rejects within {@code rejectWindow}; 0 switches it off).
 */
public record EscalationPolicy(List<EscalationLevel> levels, int rejectCount, Duration rejectWindow) {

	/** Shift lead now, supervisor after 2 minutes without an acknowledgement, plant admin 5 minutes after that. */
	public static EscalationPolicy standard() {
		return new EscalationPolicy(List.of(
				new EscalationLevel("shift lead", List.of("role:LEAD"), List.of("push"), Duration.ofMinutes(2)),
				new EscalationLevel("supervisor", List.of("role:SUPERVISOR"), List.of("push"), Duration.ofMinutes(5)),
				new EscalationLevel("plant manager", List.of("role:ADMIN"), List.of("push"), Duration.ofMinutes(5))),
				0, Duration.ZERO);
	}

	public EscalationLevel level(int index) {
		return levels.get(Math.min(index, levels.size() - 1));
	}

	public boolean isLast(int index) {
		return index >= levels.size() - 1;
	}
}
