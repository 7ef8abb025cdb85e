package org.andon.stop;

import java.time.Instant;
import java.util.List;

import org.andon.protocol.StationState;

/**
 * A station's state for a board or a reconnecting station: since when (null if it never changed), the stops that
 * hold it (its own and those upstream), and the log position this view is current to.
 */
public record StationView(String stationId, String name, String lineId, StationState state, Instant since,
		List<StopView> stops, List<CallView> calls, long seq) {
}
