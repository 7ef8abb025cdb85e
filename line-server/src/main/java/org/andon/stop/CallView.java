package org.andon.stop;

import java.time.Instant;

/** An open call at a station, with when the line stops there if nobody contains it (null: already stopped). */
public record CallView(long incidentId, String stationId, String callType, Instant openedAt, Instant autoStopAt) {
}
