package org.andon.command;

import java.util.Locale;
import java.util.function.Function;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.andon.protocol.CommandRequest;
import org.andon.protocol.CommandType;
import org.andon.protocol.ErrorCode;
import org.andon.protocol.Refusal;
import org.andon.protocol.Resolution;
import org.andon.protocol.StopReason;
import org.springframework.stereotype.Component;

/**
 * Turns a frame body into a {@link CommandRequest}, or into a refusal that still carries the commandId when one could
 * be read, so the sender can match the error to what it sent. Unknown extra fields are ignored (newer clients may
 * send more than this server knows).
 */
@Component
public class CommandParser {

	private static final java.util.regex.Pattern UUID_TEXT = java.util.regex.Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private final JsonMapper json;

	CommandParser(JsonMapper json) {
		this.json = json;
	}

	/** The outcome of parsing: a request, or a refusal with whatever commandId could be read. */
	public record Parsed(String commandId, CommandRequest request, Refusal refusal) {
	}

	public Parsed parse(byte[] body) {
		JsonNode root;
		try {
			root = json.readTree(body);
		}
		catch (JacksonException ex) {
			return refused(null, ErrorCode.MALFORMED_JSON, "the body is not valid JSON: "
					+ ex.getOriginalMessage());
		}
		if (root == null || !root.isObject()) {
			return refused(null, ErrorCode.MALFORMED_JSON, "the body must be a JSON object");
		}
		String commandId;
		try {
			commandId = text(root, "commandId");
		}
		catch (Refusal.Refused notText) {
			// found by CommandParserFuzzTests: a number or an object as commandId escaped as an exception, so the
			// sender got no result at all
			return new Parsed(null, null, notText.refusal());
		}
		try {
			if (commandId == null) {
				throw Refusal.refuse(ErrorCode.MISSING_FIELD, "commandId is missing");
			}
			if (!UUID_TEXT.matcher(commandId).matches()) {
				throw Refusal.refuse(ErrorCode.INVALID_FIELD, "commandId must be a UUID (8-4-4-4-12 hex digits), got '"
						+ commandId + "'");
			}
			String typeText = text(root, "type");
			if (typeText == null) {
				throw Refusal.refuse(ErrorCode.MISSING_FIELD, "type is missing");
			}
			CommandType type = enumOf(typeText, CommandType::valueOf, ErrorCode.UNKNOWN_TYPE, "type");
			String reason = text(root, "reason");
			String resolution = text(root, "resolution");
			Long stopId = null;
			JsonNode stop = root.get("stopId");
			if (stop != null && !stop.isNull()) {
				if (!stop.canConvertToLong() || !stop.isIntegralNumber()) {
					throw Refusal.refuse(ErrorCode.INVALID_FIELD, "stopId must be a whole number");
				}
				stopId = stop.asLong();
			}
			CommandRequest request = new CommandRequest(commandId, type, text(root, "stationId"),
					text(root, "partSerial"), text(root, "to"), text(root, "defectCode"),
					text(root, "originStationId"), text(root, "note"),
					reason == null ? null : enumOf(reason, StopReason::valueOf, ErrorCode.INVALID_FIELD, "reason"),
					resolution == null ? null
							: enumOf(resolution, Resolution::valueOf, ErrorCode.INVALID_FIELD, "resolution"),
					stopId, longField(root, "incidentId"), text(root, "cause"), text(root, "countermeasure"), null,
					upper(text(root, "callType")), longField(root, "holdId"), minutes(root));
			return new Parsed(commandId, request, null);
		}
		catch (Refusal.Refused refused) {
			return new Parsed(commandId, null, refused.refusal());
		}
	}

	private static String upper(String s) {
		return s == null ? null : s.toUpperCase(Locale.ROOT);
	}

	private static Integer minutes(JsonNode root) {
		Long m = longField(root, "minutes");
		if (m != null && (m < 1 || m > 24 * 60)) {
			throw Refusal.refuse(ErrorCode.INVALID_FIELD, "minutes must be from 1 to 1440");
		}
		return m == null ? null : m.intValue();
	}

	private static Long longField(JsonNode root, String field) {
		JsonNode n = root.get(field);
		if (n == null || n.isNull()) {
			return null;
		}
		if (!n.isIntegralNumber() || !n.canConvertToLong()) {
			throw Refusal.refuse(ErrorCode.INVALID_FIELD, field + " must be a whole number");
		}
		return n.asLong();
	}

	private static <E extends Enum<E>> E enumOf(String text, Function<String, E> valueOf, ErrorCode code,
			String field) {
		try {
			return valueOf.apply(text.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw Refusal.refuse(code, "unknown " + field + " '" + text + "'");
		}
	}

	/** A field as text; blank counts as absent. Non-text values are refused rather than silently converted. */
	private static String text(JsonNode root, String field) {
		JsonNode n = root.get(field);
		if (n == null || n.isNull()) {
			return null;
		}
		if (!n.isString()) {
			throw Refusal.refuse(ErrorCode.INVALID_FIELD, field + " must be a string");
		}
		String s = n.asString().trim();
		return s.isEmpty() ? null : s;
	}

	private static Parsed refused(String commandId, ErrorCode code, String message) {
		return new Parsed(commandId, null, new Refusal(code, message));
	}
}
