package org.andon.mqtt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.andon.command.Actor;
import org.andon.line.Line;
import org.andon.line.Person;
import org.andon.line.Topology;
import org.andon.protocol.CommandRequest;
import org.andon.protocol.CommandType;
import org.andon.protocol.ErrorCode;
import org.andon.protocol.Refusal;
import org.andon.protocol.StopReason;

/**
 * Turns a press into the command it stands for, or into a refusal: the payload must parse, the device must be
 * registered and its signature valid (authentication), and the device must be registered for the topic's station
 * (authorisation). The command id is derived from the device and its press id, so the same press is always the same
 * command and the command writer applies it once however often the broker delivers it.
 */
final class PressCheck {

	static final Pattern PRESS_ID = Pattern.compile("[\\p{Alnum}._:-]{1,64}");

	/** A press is a few fields; anything much larger is refused before it is parsed. */
	static final int MAX_PRESS_BYTES = 4096;

	private final DeviceRegistry devices;
	private final Topology topology;
	private final JsonMapper json;

	PressCheck(DeviceRegistry devices, Topology topology, JsonMapper json) {
		this.devices = devices;
		this.topology = topology;
		this.json = json;
	}

	/**
	 * A checked press. {@code device} is the registered device (null when none could be named); {@code request} and
	 * {@code actor} are set unless {@code refusal} is.
	 */
	record Checked(String lineId, String stationId, String pressId, String deviceClaimed, Device device,
			String action, String commandId, Actor actor, CommandRequest request, Refusal refusal) {

		/** The action as a metric label: CALL, STOP, ACK, or UNKNOWN for anything else (never the sender's text). */
		String actionLabel() {
			return action != null && java.util.Set.of("CALL", "STOP", "ACK").contains(action) ? action : "UNKNOWN";
		}
	}

	/**
	 * Checks a press published on {@code lineId}/{@code stationId}'s button topic. {@code openIncident} names the
	 * incident an ACK at a station acknowledges (null: none is open there).
	 */
	Checked check(String lineId, String stationId, byte[] payload, Function<String, Long> openIncident) {
		if (payload.length > MAX_PRESS_BYTES) {
			return refused(lineId, stationId, null, null, null, null, ErrorCode.FRAME_TOO_LARGE, "the press is "
					+ payload.length + " bytes; the limit is " + MAX_PRESS_BYTES);
		}
		ButtonPress p;
		try {
			p = json.readValue(payload, ButtonPress.class);
		}
		catch (JacksonException ex) {
			return refused(lineId, stationId, null, null, null, null, ErrorCode.MALFORMED_JSON,
					"the press is not a JSON object of text fields: " + ex.getOriginalMessage());
		}
		if (p == null) {
			return refused(lineId, stationId, null, null, null, null, ErrorCode.MALFORMED_JSON,
					"the press must be a JSON object");
		}
		String action = p.action() == null ? null : p.action().trim().toUpperCase(Locale.ROOT);
		if (p.pressId() == null || !PRESS_ID.matcher(p.pressId()).matches()) {
			return refused(lineId, stationId, p, null, action, null, p.pressId() == null ? ErrorCode.MISSING_FIELD
					: ErrorCode.INVALID_FIELD, "pressId must be 1 to 64 letters, digits, '.', '_', ':' or '-'");
		}
		Device device = devices.device(p.device()).orElse(null);
		String commandId = device == null ? null : commandId(device.id(), p.pressId());
		if (device == null || p.sig() == null || !signatureValid(device, p, lineId, stationId)) {
			return refused(lineId, stationId, p, device, action, commandId, ErrorCode.UNAUTHENTICATED,
					device == null ? "device '" + p.device() + "' is not registered"
							: "the signature of press " + p.pressId() + " is not device " + device.id() + "'s");
		}
		Line line = topology.station(stationId).map(s -> topology.lineOf(s.id())).orElse(null);
		if (line == null || !line.id().equals(lineId)) {
			return refused(lineId, stationId, p, device, action, commandId, ErrorCode.UNKNOWN_STATION,
					"there is no station '" + stationId + "' on line '" + lineId + "'");
		}
		if (!device.mayPressFor(stationId)) {
			return refused(lineId, stationId, p, device, action, commandId, ErrorCode.NOT_YOUR_STATION, "device "
					+ device.id() + " is registered for " + String.join(", ", device.stations()) + ", not for "
					+ stationId);
		}
		Actor actor;
		if (device.person() != null) {
			Person person = topology.person(device.person()).orElseThrow();
			actor = Actor.person(person.username(), person.roles());
		}
		else {
			actor = Actor.station(stationId, lineId);
		}
		String note = "MQTT device " + device.id();
		CommandRequest request;
		if ("CALL".equals(action)) {
			String callType = p.callType() != null ? p.callType().trim().toUpperCase(Locale.ROOT) : device.callType();
			request = new CommandRequest(commandId, CommandType.CALL, stationId, null, null, p.defectCode(), null,
					note, null, null, null, null, null, null, null, callType, null, null);
		}
		else if ("STOP".equals(action)) {
			String reasonText = p.reason() != null ? p.reason().trim().toUpperCase(Locale.ROOT) : device.reason();
			StopReason reason;
			try {
				reason = reasonText == null ? null : StopReason.valueOf(reasonText);
			}
			catch (IllegalArgumentException ex) {
				return refused(lineId, stationId, p, device, action, commandId, ErrorCode.INVALID_FIELD,
						"unknown reason '" + p.reason() + "' (quality, safety, material, maintenance, other)");
			}
			request = new CommandRequest(commandId, CommandType.STOP, stationId, null, null, p.defectCode(), null,
					note, reason, null, null, null, null, null, null, null, null, null);
		}
		else if ("ACK".equals(action)) {
			Long incident = openIncident.apply(stationId);
			if (incident == null) {
				return refused(lineId, stationId, p, device, action, commandId, ErrorCode.NOTHING_TO_ACKNOWLEDGE,
						"station " + stationId + " has no open call or stop to acknowledge");
			}
			request = new CommandRequest(commandId, CommandType.ACKNOWLEDGE, null, null, null, null, null, note, null,
					null, null, incident, null, null, null, null, null, null);
		}
		else {
			return refused(lineId, stationId, p, device, action, commandId, action == null ? ErrorCode.MISSING_FIELD
					: ErrorCode.UNKNOWN_TYPE, "action must be CALL, STOP or ACK");
		}
		return new Checked(lineId, stationId, p.pressId(), p.device(), device, action, commandId, actor, request,
				null);
	}

	/** The command a device's press stands for: the same device and press id always give the same command id. */
	static String commandId(String deviceId, String pressId) {
		return UUID.nameUUIDFromBytes(("mqtt/" + deviceId + "/" + pressId).getBytes(StandardCharsets.UTF_8))
			.toString();
	}

	static String sign(String key, String text) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return java.util.HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static boolean signatureValid(Device device, ButtonPress p, String lineId, String stationId) {
		byte[] expected = sign(device.key(), p.signedText(lineId, stationId)).getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(expected, p.sig().trim().toLowerCase(Locale.ROOT)
			.getBytes(StandardCharsets.US_ASCII));
	}

	private static Checked refused(String lineId, String stationId, ButtonPress p, Device device, String action,
			String commandId, ErrorCode code, String message) {
		return new Checked(lineId, stationId, p == null ? null : p.pressId(), p == null ? null : p.device(), device,
				action, commandId, null, null, new Refusal(code, message));
	}
}
