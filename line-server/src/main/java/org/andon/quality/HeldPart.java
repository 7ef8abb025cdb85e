package org.andon.quality;

import java.time.Instant;

/**
 * A suspect part on hold (or once held), with where it is now: {@code partStatus} AT_STATION / IN_TRANSIT (to
 * {@code station}), COMPLETED (left the line) or SCRAPPED. {@code origin} made the defect that put it on hold,
 * {@code defectCode} on part {@code defectSerial}, found at {@code foundAt}.
 */
public record HeldPart(long holdId, long containmentId, String partSerial, String partStatus, String station,
		String heldAt, Instant placedAt, String status, Instant closedAt, String closedBy, String note, Long defectId,
		String origin, String defectCode, String defectSerial, String foundAt) {
}
