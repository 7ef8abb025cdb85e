package org.andon.incident;

import java.time.Instant;
import java.util.List;

import org.andon.paging.PageView;

/**
 * An incident as leads and quality staff see it: its state, level reached (1 = first level), timer, who acknowledged
 * and resolved it and how long that took, every escalation step, and every page with every delivery attempt. A call
 * names the team it is routed to (whose members may answer it, paged or not).
 */
public record IncidentView(long id, String lineId, String stationId, String kind, String callType, String team,
		Instant autoStopAt, boolean contained, Long stopId, String reason,
		String defectCode, String note, String status, Instant openedAt, int levelReached, Instant nextEscalationAt,
		Instant acknowledgedAt, String acknowledgedBy, String ackNote, Long secondsToAcknowledge, Instant resolvedAt,
		String resolvedBy, String cause, String countermeasure, long secondsOpen, List<Step> escalation,
		List<PageView> pages) {

	/** One escalation step. */
	public record Step(int step, int level, String levelName, Instant at, List<String> paged) {
	}
}
