package org.andon.quality;

import java.util.List;
import java.util.Map;

/**
 * The andon calls pulled at one station over a period and what became of them. A pull is good news (a problem
 * surfaced while it was small), so the figures judge what happened after the pull, never how many there were:
 * {@code calls = contained + stopped + open + closedOtherwise}.
 *
 * @param calls calls pulled at the station (opened in the period)
 * @param byType those calls by call type (QUALITY, MAINTENANCE, ...), only the types that were pulled
 * @param contained calls contained inside their window: they never stopped the line
 * @param stopped calls that became a stop, {@code automaticStops + stoppedByHand}
 * @param automaticStops calls the line server turned into a stop: the window ran out, or the route stops at once
 * @param stoppedByHand calls a lead turned into a stop (CALL_TO_STOP)
 * @param open calls still waiting: neither contained, nor stopped, nor resolved
 * @param closedOtherwise calls a lead resolved without containing them and without a stop
 * @param pullToStopRatio {@code stopped / calls} (as in {@code /api/calls/summary}); null without calls. More pulls
 *        with the same stops make it smaller, so pulling often never looks worse
 * @param teams response times of each team that served the station's calls, by team name (null last)
 */
public record StationCalls(long calls, Map<String, Long> byType, long contained, long stopped, long automaticStops,
		long stoppedByHand, long open, long closedOtherwise, Double pullToStopRatio, List<TeamResponse> teams) {

	static final StationCalls NONE = new StationCalls(0, Map.of(), 0, 0, 0, 0, 0, 0, null, List.of());
}
