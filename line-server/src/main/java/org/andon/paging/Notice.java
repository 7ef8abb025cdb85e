package org.andon.paging;

import java.time.Instant;
import java.util.List;

/**
 * What a page says about an incident ({@code level} counts from 1, as everywhere else). {@code event} is TRIGGER (someone must come), ACKNOWLEDGE or RESOLVE (the
 * receivers that were triggered are told, so a PagerDuty incident closes too).
 */
public record Notice(String event, long incidentId, String lineId, String lineName, String stationId,
		String stationName, String kind, String reason, String defectCode, String note, Instant openedAt, int level,
		String levelName, List<String> paged, String by, String cause, String countermeasure, String link) {

	/** One line a person can read on a phone lock screen. */
	public String summary() {
		String what = switch (kind) {
			case "STOP" -> "stopped";
			case "CALL" -> "calls for " + reason.toLowerCase() + " help";
			case "HOLD" -> "has suspect parts on hold too long";
			default -> "repeated rejects";
		};
		return switch (event) {
			case "ACKNOWLEDGE" -> "[ANDON] " + lineName + " at " + stationName + ": acknowledged by " + by;
			case "RESOLVE" -> "[ANDON] " + lineName + " at " + stationName + ": resolved by " + by + " (" + cause + ")";
			case "FLOOD" -> "[ANDON] " + lineName + ": alarm flood, " + note;
			default -> "[ANDON] " + lineName + " " + what + " at " + stationName + " (" + reason + ")"
					+ (note == null ? "" : ": " + note) + " - level " + level + " " + levelName;
		};
	}
}
