package org.andon.station;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON body of one command, exactly as it is kept in the outbox and sent to {@code /app/commands}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Command(String commandId, CommandType type, String stationId, String partSerial, String to,
		String defectCode, String originStationId, String note, StopReason reason, Resolution resolution,
		CallType callType) {

	/** A few words for a screen or a log line: "PASS P-1 to WELD", "STOP QUALITY". */
	public String summary() {
		StringBuilder s = new StringBuilder(type.name());
		if (partSerial != null) {
			s.append(' ').append(partSerial);
		}
		if (reason != null) {
			s.append(' ').append(reason);
		}
		if (callType != null) {
			s.append(' ').append(callType);
		}
		if (defectCode != null) {
			s.append(' ').append(defectCode);
		}
		if (resolution != null) {
			s.append(' ').append(resolution);
		}
		if (to != null) {
			s.append(" to ").append(to);
		}
		return s.toString();
	}
}
