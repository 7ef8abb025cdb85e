package org.andon.log;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/** A committed log entry as the rest of the server sees it: immutable, with its payload parsed. */
public record LoggedEvent(long seq, Instant occurredAt, String lineId, String stationId, String actor,
		String commandId, String type, String partSerial, JsonNode data) {

	/** A text field of the payload, or null. */
	public String text(String field) {
		JsonNode n = data.get(field);
		return n == null || n.isNull() ? null : n.asString();
	}
}
