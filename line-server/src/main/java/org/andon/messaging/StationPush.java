package org.andon.messaging;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A message pushed to one station on {@code /user/queue/station}: HALT, RESUME, PART_REJECTED, PART_INCOMING,
 * CUSTOMER_STOPPED, CUSTOMER_RESUMED, PART_HELD, HOLD_RELEASED,
 * HOLD_CONFIRMED or STATE. {@code seq} is the log entry it comes from (for STATE sent on
 * subscribe, the log position the snapshot is current to); a client keeps the highest seq it has seen and ignores
 * pushes at or below it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StationPush(String type, long seq, Instant at, String stationId, String partSerial, Object data) {
}
