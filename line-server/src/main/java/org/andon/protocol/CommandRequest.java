package org.andon.protocol;

/**
 * The JSON body of every command. Which fields a type needs is in docs/protocol.md; the server checks them all and
 * refuses the command with {@link ErrorCode#MISSING_FIELD} or {@link ErrorCode#INVALID_FIELD} otherwise.
 */
public record CommandRequest(String commandId, CommandType type, String stationId, String partSerial, String to,
		String defectCode, String originStationId, String note, StopReason reason, Resolution resolution, Long stopId) {
}
