package org.andon.handoff;

import java.time.Instant;

/** A row of the hand-off log as quality staff read it. decision is PENDING, ACCEPTED, REJECTED or BLOCKED. */
public record HandOffView(long id, String lineId, String partSerial, String fromStation, String toStation,
		String decision, Instant passedAt, String passedBy, Instant decidedAt, String decidedBy, String defectCode,
		String note, String blockedBecause) {
}
