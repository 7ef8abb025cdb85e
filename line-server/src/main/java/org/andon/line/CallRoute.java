package org.andon.line;

import java.time.Duration;

/**
 * Where a call of one type goes on a line: the team that serves it (named in pages), its escalation chain, the
 * window it has to be contained in before the line stops at the calling station (null: the station's cycle time),
 * and whether it stops the line at once (for example safety calls).
 */
public record CallRoute(CallType type, String team, Duration window, boolean stopAtOnce, EscalationPolicy escalation) {

	/** How long a call at this station may stay uncontained. */
	public Duration windowAt(Station station) {
		return window != null ? window : station.cycleTime();
	}
}
