package org.andon.quality;

import java.time.Instant;
import java.util.List;

/** The bodies of the quality review endpoints: each names its line and period next to the figures. */
final class Reports {

	private Reports() {
	}

	/** {@code teams}: the response times of each team over the calls of the whole line. */
	record Scorecards(String lineId, double costPerMinute, Instant from, Instant to, List<Scorecard> stations,
			List<TeamResponse> teams) {
	}

	record Escapes(String lineId, Instant from, Instant to, List<StationEscapes> stations,
			List<EscapedDefect> latest) {
	}

	record Pareto(String lineId, Instant from, Instant to, long total, List<ParetoBar> codes) {
	}

	record Refusal(String code, String message) {
	}
}
