package org.andon.station;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

/**
 * A message the server pushed to this station on {@code /user/queue/station}: HALT, RESUME, CUSTOMER_STOPPED,
 * CUSTOMER_RESUMED, STATE, PART_REJECTED or PART_INCOMING. {@code seq} is the log entry it comes from.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StationPush(String type, long seq, Instant at, String stationId, String partSerial, JsonNode data) {

	public static final String HALT = "HALT";
	public static final String RESUME = "RESUME";
	public static final String CUSTOMER_STOPPED = "CUSTOMER_STOPPED";
	public static final String CUSTOMER_RESUMED = "CUSTOMER_RESUMED";
	public static final String STATE = "STATE";
	public static final String PART_REJECTED = "PART_REJECTED";
	public static final String PART_INCOMING = "PART_INCOMING";
	/** A part at this station (or on its way to it) is on hold as a suspect: it may not be passed on. */
	public static final String PART_HELD = "PART_HELD";
	public static final String HOLD_RELEASED = "HOLD_RELEASED";
	public static final String HOLD_CONFIRMED = "HOLD_CONFIRMED";

	/** A text field of {@code data}, or null. */
	public String text(String field) {
		JsonNode n = data == null ? null : data.get(field);
		return n == null || n.isNull() ? null : n.asString();
	}

	/** True for the STATE push that carries a whole snapshot (sent on subscribe and as a catch-up fallback). */
	public boolean isSnapshot() {
		return STATE.equals(type) && data != null && data.has("state") && !data.has("to");
	}
}
