package org.andon.quality;

import java.time.Instant;
import java.util.List;

/**
 * The seed's question for one station, on one page: who its customers and suppliers are, what its customers
 * rejected of its parts, what it let through (escapes), what is on hold because of it now, and what its stops cost
 * (stopped minutes, parts not made at the line's takt, money) next to its scorecard, and every time its alarms were
 * shelved or it was out of service. Shown to everyone: it explains, it does not rank.
 */
public record StationReview(String stationId, String name, String lineId, List<String> suppliers,
		List<String> customers, Instant from, Instant to, Scorecard scorecard, double taktSeconds,
		double partsNotMade, List<Rejection> rejectedByCustomers, List<EscapedDefect> escapes, List<HeldPart> onHold,
		List<org.andon.incident.AlarmDiscipline.SuppressionView> alarmSuppressions) {

	/** A part of this station that a customer refused, with the defect code and why. */
	public record Rejection(long handOffId, String partSerial, String customer, String defectCode, String note,
			Instant decidedAt, String decidedBy) {
	}
}
