package org.andon.stop;

import java.time.Instant;

import org.andon.protocol.StopReason;

/** A stop as shown to stations, boards and quality staff; {@code seconds} runs on while the stop is active. */
public record StopView(long id, String lineId, String stationId, StopReason reason, String defectCode, String note,
		Instant startedAt, String startedBy, Instant endedAt, String endedBy, long seconds) {

	public boolean active() {
		return endedAt == null;
	}
}
