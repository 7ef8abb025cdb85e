package org.andon.line;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a line contains a defect traced to its origin: the window of suspect parts put on hold (the line's, or a
 * defect code's own), how long a hold may stay open before quality is paged, and the chain that is paged.
 */
public record Containment(SuspectWindow window, Map<String, SuspectWindow> byDefectCode, Duration holdWithin,
		EscalationPolicy escalation) {

	/** What a line gets without a {@code containment} section: five parts either side, quality paged after an hour. */
	public static Containment standard() {
		return new Containment(SuspectWindow.STANDARD, Map.of(), Duration.ofHours(1), qualityChain());
	}

	/** The quality lead first, then the supervisor. */
	static EscalationPolicy qualityChain() {
		return new EscalationPolicy(List.of(
				new EscalationLevel("quality lead", List.of("role:QUALITY"), List.of("push"), Duration.ofMinutes(15)),
				new EscalationLevel("supervisor", List.of("role:SUPERVISOR"), List.of("push"), Duration.ofMinutes(15))),
				0, Duration.ZERO);
	}

	/** The window for a defect of this code: the code's own, else the line's. */
	public SuspectWindow windowFor(String defectCode) {
		return byDefectCode.getOrDefault(defectCode, window);
	}
}
