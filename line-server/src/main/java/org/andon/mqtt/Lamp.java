package org.andon.mqtt;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.andon.protocol.StationState;

/**
 * What a station's stack light shows, retained on {@code andon/<line>/<station>/lamp}: one colour and pattern for a
 * single (RGB) lamp, and each tier of a red/yellow/green stack light, so a lamp can show it without knowing the
 * rules. {@code seq} is the log entry the state comes from (or the log position a snapshot is current to).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Lamp(String lineId, String stationId, StationState state, String colour, String pattern, String red,
		String yellow, String green, long seq, Instant since) {

	static Lamp of(String lineId, String stationId, StationState state, long seq, Instant since) {
		return switch (state) {
			case RUNNING -> new Lamp(lineId, stationId, state, "GREEN", "STEADY", "OFF", "OFF", "ON", seq, since);
			case CALLING -> new Lamp(lineId, stationId, state, "YELLOW", "BLINK", "OFF", "BLINK", "OFF", seq, since);
			case STOPPED -> new Lamp(lineId, stationId, state, "RED", "STEADY", "ON", "OFF", "OFF", seq, since);
			// stopped upstream: red and yellow blink in turn, unlike the steady red where the problem is
			case HALTED -> new Lamp(lineId, stationId, state, "RED_YELLOW", "ALTERNATE", "BLINK", "BLINK", "OFF", seq,
					since);
		};
	}
}
