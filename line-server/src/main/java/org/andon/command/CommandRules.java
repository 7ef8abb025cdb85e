package org.andon.command;

import java.util.regex.Pattern;

import org.andon.line.Line;
import org.andon.line.Role;
import org.andon.line.Topology;
import org.andon.protocol.CommandRequest;
import org.andon.protocol.CommandType;
import org.andon.protocol.ErrorCode;
import org.andon.protocol.Refusal;
import org.springframework.stereotype.Component;

/**
 * Checks a command against the topology and the sender's role before it is queued: the fields its type needs, the
 * station and defect code exist, a station acts only for itself, only leads and above resume. Nothing here reads
 * the database; rules that depend on the line's state are the features' own.
 */
@Component
class CommandRules {

	static final int MAX_NOTE = 500;
	private static final Pattern SERIAL = Pattern.compile("[\\p{Alnum}][\\p{Alnum}._:/#-]{0,127}");

	private final Topology topology;

	CommandRules(Topology topology) {
		this.topology = topology;
	}

	/** The line the command acts on, or a refusal. */
	Line check(Actor actor, CommandRequest c) {
		CommandType type = c.type();
		if (c.note() != null && c.note().length() > MAX_NOTE) {
			throw Refusal.refuse(ErrorCode.INVALID_FIELD, "note is longer than " + MAX_NOTE + " characters");
		}
		if (type == CommandType.ESCALATE || type == CommandType.AUTO_STOP || type == CommandType.HOLD_OVERDUE
				|| type == CommandType.SHELF_EXPIRED || type == CommandType.STATION_SILENT
				|| type == CommandType.STATION_BACK) {
			if (!actor.isSystem()) {
				throw Refusal.refuse(ErrorCode.FORBIDDEN, "only the line server escalates incidents");
			}
			return null;
		}
		if (type == CommandType.CONTAIN || type == CommandType.CALL_TO_STOP) {
			if (actor.isStation()) {
				throw Refusal.refuse(ErrorCode.FORBIDDEN, "a responder contains a call, not the calling station");
			}
			if (type == CommandType.CALL_TO_STOP && !actor.isLeadOrHigher()) {
				throw Refusal.refuse(ErrorCode.FORBIDDEN, "only LEAD, SUPERVISOR or ADMIN may turn a call into a stop");
			}
			require(c.incidentId() != null, "incidentId");
			if (c.note() != null) {
				checkLength("note", c.note());
			}
			return null;
		}
		if (type == CommandType.ACKNOWLEDGE || type == CommandType.RESOLVE) {
			if (actor.isStation()) {
				throw Refusal.refuse(ErrorCode.FORBIDDEN, "a person acknowledges or resolves an incident, not a station");
			}
			if (type == CommandType.RESOLVE && !actor.isLeadOrHigher()) {
				throw Refusal.refuse(ErrorCode.FORBIDDEN, "only LEAD, SUPERVISOR or ADMIN may resolve an incident");
			}
			require(c.incidentId() != null, "incidentId");
			if (type == CommandType.RESOLVE) {
				require(c.cause() != null, "cause");
				require(c.countermeasure() != null, "countermeasure");
				checkLength("cause", c.cause());
				checkLength("countermeasure", c.countermeasure());
			}
			return null;
		}
		if (type == CommandType.RELEASE_HOLD || type == CommandType.CONFIRM_HOLD) {
			if (!actor.has(Role.QUALITY) && !actor.has(Role.ADMIN)) {
				throw Refusal.refuse(ErrorCode.FORBIDDEN, actor.isStation()
						? "a station cannot lift a hold: quality inspects the part and releases or confirms it"
						: "only QUALITY (or ADMIN) releases or confirms a held part");
			}
			require(c.holdId() != null, "holdId");
			if (type == CommandType.RELEASE_HOLD) {
				require(c.note() != null, "note");
			}
			else {
				require(c.defectCode() != null, "defectCode");
			}
			return null;
		}
		if (type == CommandType.SIGN_OFF) {
			if (!actor.has(Role.QUALITY) && !actor.isLeadOrHigher()) {
				throw Refusal.refuse(ErrorCode.FORBIDDEN, actor.isStation()
						? "a station cannot sign off a stop: the shift lead and quality do"
						: "only LEAD (or higher) and QUALITY sign off a quality stop");
			}
			require(c.stopId() != null, "stopId");
			if (c.partSerial() != null) {
				requireSerial(c);
			}
			return null;
		}
		if (type == CommandType.RESUME) {
			if (!actor.isLeadOrHigher()) {
				throw Refusal.refuse(ErrorCode.FORBIDDEN, actor.isStation()
						? "a station cannot resume the line: the shift lead (or higher) resumes it"
						: "only LEAD, SUPERVISOR or ADMIN may resume a stop");
			}
			require(c.stopId() != null, "stopId");
			return null;
		}
		require(c.stationId() != null, "stationId");
		Line line = topology.station(c.stationId()).map(s -> topology.lineOf(s.id()))
			.orElseThrow(() -> Refusal.refuse(ErrorCode.UNKNOWN_STATION, "unknown station '" + c.stationId() + "'"));
		boolean discipline = type == CommandType.SHELVE || type == CommandType.UNSHELVE
				|| type == CommandType.TAKE_OUT_OF_SERVICE || type == CommandType.RETURN_TO_SERVICE;
		if (discipline) {
			if (!actor.isLeadOrHigher()) {
				throw Refusal.refuse(ErrorCode.FORBIDDEN, "only LEAD, SUPERVISOR or ADMIN shelve alarms or take a "
						+ "station out of service");
			}
		}
		else if (actor.isStation()) {
			if (!actor.stationId().equals(c.stationId())) {
				throw Refusal.refuse(ErrorCode.NOT_YOUR_STATION, "station " + actor.stationId()
						+ " cannot act for station " + c.stationId());
			}
		}
		else if (type != CommandType.STOP && type != CommandType.CALL) {
			throw Refusal.refuse(ErrorCode.FORBIDDEN, type + " is done by the station itself, not by a person");
		}
		else if (!actor.isLeadOrHigher()) {
			throw Refusal.refuse(ErrorCode.FORBIDDEN, "only the station, or LEAD and above, may stop a station");
		}
		switch (type) {
			case CALL -> {
				require(c.callType() != null, "callType");
				try {
					org.andon.line.CallType.valueOf(c.callType().toUpperCase(java.util.Locale.ROOT));
				}
				catch (IllegalArgumentException ex) {
					throw Refusal.refuse(ErrorCode.UNKNOWN_CALL_TYPE, "unknown callType '" + c.callType()
							+ "' (quality, maintenance, material, safety, help)");
				}
				checkDefectCode(line, c.defectCode());
			}
			case STOP -> {
				require(c.reason() != null, "reason");
				checkDefectCode(line, c.defectCode());
			}
			case RECEIVE, ACCEPT, PASS -> requireSerial(c);
			case REJECT, REPORT_DEFECT -> {
				requireSerial(c);
				require(c.defectCode() != null, "defectCode");
				checkDefectCode(line, c.defectCode());
				if (c.originStationId() != null && !line.has(c.originStationId())) {
					throw Refusal.refuse(ErrorCode.UNKNOWN_STATION, "origin station '" + c.originStationId()
							+ "' is not on line " + line.id());
				}
			}
			case CLEAR_DEFECT -> {
				requireSerial(c);
				require(c.resolution() != null, "resolution");
			}
			case SHELVE, UNSHELVE -> {
				require(c.callType() != null, "callType");
				if (!c.callType().equals("REJECTS")) {
					try {
						org.andon.line.CallType.valueOf(c.callType());
					}
					catch (IllegalArgumentException ex) {
						throw Refusal.refuse(ErrorCode.UNKNOWN_CALL_TYPE, "unknown alarm '" + c.callType()
								+ "' (a call type: quality, maintenance, material, help; or rejects)");
					}
				}
				if (type == CommandType.SHELVE) {
					require(c.minutes() != null, "minutes");
					require(c.note() != null, "note");
				}
			}
			case TAKE_OUT_OF_SERVICE -> require(c.note() != null, "note");
			case RETURN_TO_SERVICE -> {
			}
			default -> throw new IllegalStateException("unhandled type " + type);
		}
		if (c.to() != null) {
			if (!line.has(c.to())) {
				throw Refusal.refuse(ErrorCode.UNKNOWN_STATION, "unknown station '" + c.to() + "' on line "
						+ line.id());
			}
			if (!line.customersOf(c.stationId()).contains(c.to())) {
				throw Refusal.refuse(ErrorCode.NOT_A_CUSTOMER, c.to() + " is not a direct customer of "
						+ c.stationId() + " (its customers: " + line.customersOf(c.stationId()) + ")");
			}
		}
		return line;
	}

	private static void checkDefectCode(Line line, String code) {
		if (code != null && line.defectCode(code).isEmpty()) {
			throw Refusal.refuse(ErrorCode.UNKNOWN_DEFECT_CODE, "defect code '" + code + "' is not in the list of line "
					+ line.id());
		}
	}

	private static void checkLength(String field, String value) {
		if (value.length() > MAX_NOTE) {
			throw Refusal.refuse(ErrorCode.INVALID_FIELD, field + " is longer than " + MAX_NOTE + " characters");
		}
	}

	private static void requireSerial(CommandRequest c) {
		require(c.partSerial() != null, "partSerial");
		if (!SERIAL.matcher(c.partSerial()).matches()) {
			throw Refusal.refuse(ErrorCode.INVALID_FIELD, "partSerial '" + c.partSerial() + "' is not a part serial "
					+ "(letters, digits and . _ : / # -, at most 128)");
		}
	}

	private static void require(boolean present, String field) {
		if (!present) {
			throw Refusal.refuse(ErrorCode.MISSING_FIELD, field + " is missing");
		}
	}
}
