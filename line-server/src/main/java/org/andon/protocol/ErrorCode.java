package org.andon.protocol;

/** Every reason the line server refuses a command; each is documented in docs/protocol.md. */
public enum ErrorCode {
	/** The body is not a JSON object. */
	MALFORMED_JSON,
	/** {@code type} names no command. */
	UNKNOWN_TYPE,
	/** A field the command type needs is absent or blank. */
	MISSING_FIELD,
	/** A field has a value of the wrong form (not a UUID, an unknown reason, an overlong note). */
	INVALID_FIELD,
	/** The frame body is larger than {@code andon.protocol.max-command-bytes}. */
	FRAME_TOO_LARGE,
	/** The sender is not signed in. */
	UNAUTHENTICATED,
	/** The sender's role may not do this (a station resuming a stop, a quality user stopping a line). */
	FORBIDDEN,
	/** A station session acted for another station. */
	NOT_YOUR_STATION,
	/** The named station is not in the topology. */
	UNKNOWN_STATION,
	/** The named part is not on this line. */
	UNKNOWN_PART,
	/** The named stop does not exist on a line the sender may act on. */
	UNKNOWN_STOP,
	/** The defect code is not in the line's list. */
	UNKNOWN_DEFECT_CODE,
	/** The same {@code commandId} was already used by another sender or for another command. */
	COMMAND_ID_REUSED,
	/** RECEIVE of a serial that is already on the line. */
	PART_ALREADY_ON_LINE,
	/** RECEIVE at a station that has suppliers: parts enter the line only at entry stations. */
	NOT_AN_ENTRY_STATION,
	/** The part is not held by this station (it is elsewhere, in transit, finished or scrapped). */
	PART_NOT_AT_STATION,
	/** ACCEPT or REJECT of a part that no supplier has passed to this station. */
	NO_PENDING_HAND_OFF,
	/** PASS to a station that is not a direct customer of the sender. */
	NOT_A_CUSTOMER,
	/** PASS from a station with several customers must say which one ({@code to}). */
	CUSTOMER_REQUIRED,
	/** Don't pass: the part has an open defect; clear it (rework or scrap) first. Logged as a blocked attempt. */
	PART_HAS_OPEN_DEFECT,
	/** CLEAR_DEFECT of a part without an open defect. */
	NO_OPEN_DEFECT,
	/** The station itself is stopped: it cannot pass or start parts. Logged as a blocked attempt for PASS. */
	STATION_STOPPED,
	/** A stop upstream halts this station: it cannot pass or start parts. Logged as a blocked attempt for PASS. */
	STATION_HALTED,
	/** RESUME of a stop that has already ended. */
	STOP_ALREADY_ENDED,
	/** CALL with a callType that is not quality, maintenance, material, safety or help. */
	UNKNOWN_CALL_TYPE,
	/** CONTAIN or CALL_TO_STOP of an incident that is not an open call (a stop, or a call already closed). */
	NOT_AN_OPEN_CALL,
	/** The named incident does not exist. */
	UNKNOWN_INCIDENT,
	/** ACKNOWLEDGE of an incident already acknowledged, or ACKNOWLEDGE / RESOLVE of one already resolved. */
	INCIDENT_CLOSED,
	/** An ESCALATE for a step that has already happened or no longer applies (the line server's own retry). */
	ESCALATION_NOT_DUE,
	/** Don't pass: the part is on hold as a suspect of a containment; quality releases or confirms it first. Logged. */
	PART_ON_HOLD,
	/** The named hold does not exist. */
	UNKNOWN_HOLD,
	/** RELEASE_HOLD or CONFIRM_HOLD of a hold that was already released or confirmed. */
	HOLD_CLOSED,
	/** RESUME of a quality stop before both keys (the shift lead's and quality's) are given; names the missing key. */
	SIGN_OFF_MISSING,
	/** SIGN_OFF of a stop whose reason is not QUALITY (other stops resume on the lead's key alone). */
	NOT_A_QUALITY_STOP,
	/** SIGN_OFF of a key that was already given for this stop, or both keys by one person. */
	ALREADY_SIGNED,
	/** Quality's key on a line that asks for a first-piece check names no part, or one not good at the stopped station. */
	FIRST_PIECE_NOT_GOOD,
	/** SHELVE of an alarm that is already shelved there, or TAKE_OUT_OF_SERVICE of a station already out of service. */
	ALARM_ALREADY_SUPPRESSED,
	/** UNSHELVE of an alarm that is not shelved there, or RETURN_TO_SERVICE of a station in service. */
	ALARM_NOT_SUPPRESSED,
	/** SHELVE of an alarm that may never be kept quiet (safety calls; a STOP is never an alarm one can shelve). */
	ALARM_NOT_SHELVABLE,
	/** An MQTT ACK press at a station that has no open call or stop. */
	NOTHING_TO_ACKNOWLEDGE,
	/** The server failed to handle the command; nothing was written. Send it again with the same commandId. */
	INTERNAL_ERROR,
	/** The session sent more commands than its share; nothing was written. Send it again a moment later. */
	RATE_LIMITED,
	/** Too many failed sign-ins for this login from this address; sign-in is refused for a while. */
	TOO_MANY_SIGN_INS
}
