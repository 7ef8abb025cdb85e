package org.andon.protocol;

/** The commands a station or a person sends to {@code /app/commands}. */
public enum CommandType {
	/** An entry station brings a new part onto the line. */
	RECEIVE,
	/** Take a part a supplier passed to this station. */
	ACCEPT,
	/** Don't accept: refuse a part a supplier passed, with a defect code. */
	REJECT,
	/** Don't make: report a defect in this station's own work (or found on a part it holds). */
	REPORT_DEFECT,
	/** Rework or scrap a part's open defects. */
	CLEAR_DEFECT,
	/** Hand a good part to a direct customer (or off the line at the last station). */
	PASS,
	/** Pull the andon: stop this station and halt everything downstream. */
	STOP,
	/** End a stop (shift lead or higher); also resolves the stop's incident. */
	RESUME,
	/** "On my way": a paged person (or a supervisor or admin) acknowledges an incident, which stops the climb. */
	ACKNOWLEDGE,
	/** Close an incident with its cause and countermeasure (shift lead or higher); a stop's incident resumes it. */
	RESOLVE,
	/** Sent by the line server to itself when an incident's acknowledgement is overdue; refused from anyone else. */
	ESCALATE,
	/** Pull the cord for help without stopping: the station goes CALLING and the call type's team is paged. */
	CALL,
	/** A responder contained the problem in time: the call closes and never becomes a stop. */
	CONTAIN,
	/** The shift lead (or higher) decides a call must stop the line now. */
	CALL_TO_STOP,
	/** Sent by the line server to itself when a call was not contained within its window; refused from anyone else. */
	AUTO_STOP,
	/** Quality found a held part good: the hold ends and the part may be passed on (QUALITY or ADMIN, with a note). */
	RELEASE_HOLD,
	/** Quality found the defect on a held part: a defect with its code is opened, then the usual rework or scrap. */
	CONFIRM_HOLD,
	/**
	 * One key of a quality stop's restart: the shift lead's (LEAD or higher) or quality's (QUALITY, naming the first
	 * piece checked at the stopped station where the line asks for it).
	 */
	SIGN_OFF,
	/** Sent by the line server to itself when a containment's holds stay open too long; refused from anyone else. */
	HOLD_OVERDUE,
	/**
	 * A lead shelves a repeating alarm at a station for a limited time, with a reason: a call type's calls, or
	 * REJECTS (the reject-burst alarm against the station as a supplier). It comes back by itself when the time ends.
	 */
	SHELVE,
	/** A lead ends a shelf before its time; alarms it kept quiet page now. */
	UNSHELVE,
	/** A lead takes a station out of service: its alarms (but safety and stops) are suppressed and shown as such. */
	TAKE_OUT_OF_SERVICE,
	/** A lead puts a station back in service; alarms it kept quiet page now. */
	RETURN_TO_SERVICE,
	/** Sent by the line server to itself when a shelf's time is up; refused from anyone else. */
	SHELF_EXPIRED,
	/**
	 * Sent by the line server to itself when a station has had no terminal, tablet or MQTT device during a shift for
	 * longer than {@code andon.silence.after}: opens a SILENT incident that pages like a stop. Refused from anyone else.
	 */
	STATION_SILENT,
	/** Sent by the line server to itself when a silent station is back: resolves its SILENT incident. */
	STATION_BACK
}
