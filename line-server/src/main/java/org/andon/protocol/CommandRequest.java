package org.andon.protocol;

/**
 * The JSON body of every command. Which fields a type needs is in docs/protocol.md; the server checks them all and
 * refuses the command with {@link ErrorCode#MISSING_FIELD} or {@link ErrorCode#INVALID_FIELD} otherwise.
 */
public record CommandRequest(String commandId, CommandType type, String stationId, String partSerial, String to,
		String defectCode, String originStationId, String note, StopReason reason, Resolution resolution, Long stopId,
		Long incidentId, String cause, String countermeasure, Integer step, String callType, Long holdId,
		Integer minutes) {

	/** The line server's own ESCALATE of an incident at one step; its commandId is derived, so it is applied once. */
	public static CommandRequest escalate(long incidentId, int step) {
		return internal("escalate/" + incidentId + "/" + step, CommandType.ESCALATE, incidentId, step);
	}

	/** The line server's own AUTO_STOP of an uncontained call; derived id, so the line stops for it once. */
	public static CommandRequest autoStop(long incidentId) {
		return internal("auto-stop/" + incidentId, CommandType.AUTO_STOP, incidentId, null);
	}

	/** The line server's own page of a containment whose holds stayed open too long; derived id, so paged once. */
	public static CommandRequest holdOverdue(long containmentId) {
		String id = derivedId("hold-overdue/" + containmentId);
		return new CommandRequest(id, CommandType.HOLD_OVERDUE, null, null, null, null, null, null, null, null, null,
				null, null, null, null, null, containmentId, null);
	}

	/** The line server's own end of a shelf whose time is up; derived from the shelf's id, so it ends once. */
	public static CommandRequest shelfExpired(long shelfId, String stationId, String alarm) {
		return new CommandRequest(derivedId("shelf-expired/" + shelfId), CommandType.SHELF_EXPIRED, stationId, null,
				null, null, null, null, null, null, null, null, null, null, null, alarm, null, null);
	}

	/**
	 * The line server's own STATION_SILENT of a station silent since {@code since}; derived id, so one silence opens
	 * one incident however often it is sent.
	 */
	public static CommandRequest silent(String stationId, java.time.Instant since) {
		return new CommandRequest(derivedId("silent/" + stationId + "/" + since.toEpochMilli()),
				CommandType.STATION_SILENT, stationId, null, null, null, null,
				"no terminal, tablet or MQTT device since " + since, null, null, null, null, null, null, null, null, null,
				null);
	}

	/** The line server's own STATION_BACK closing a SILENT incident; derived id, so it is closed once. */
	public static CommandRequest back(long incidentId) {
		return internal("back/" + incidentId, CommandType.STATION_BACK, incidentId, null);
	}

	private static CommandRequest internal(String key, CommandType type, long incidentId, Integer step) {
		return new CommandRequest(derivedId(key), type, null, null, null, null, null, null, null, null, null,
				incidentId, null, null, step, null, null, null);
	}

	private static String derivedId(String key) {
		return java.util.UUID.nameUUIDFromBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
	}
}
