package org.andon.station;

import java.time.Instant;

/** A stop that holds this station (its own or one upstream), or one at a customer station. */
public record Stop(long stopId, String stoppedStation, String reason, String defectCode, String note,
		Instant startedAt, String startedBy) {
}
