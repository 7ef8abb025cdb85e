package org.andon.station;

/** The commands a station sends to {@code /app/commands}. */
public enum CommandType {
	/** Bring a new part onto the line (entry stations only). */
	RECEIVE,
	/** Take a part a supplier passed to this station. */
	ACCEPT,
	/** Don't accept: refuse a part a supplier passed, with a defect code. */
	REJECT,
	/** Don't make: report a defect in this station's own work. */
	REPORT_DEFECT,
	/** Rework or scrap a part's open defects. */
	CLEAR_DEFECT,
	/** Hand a good part to a customer station (or off the line at the last one). */
	PASS,
	/** Pull the andon: stop this station and halt everything downstream. */
	STOP,
	/** The yellow andon: call for help without stopping; the line stops if nobody contains it in time. */
	CALL
}
