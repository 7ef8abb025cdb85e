package org.andon.station;

import java.time.Instant;

/**
 * An open andon call of this station: help is called and the station keeps working. {@code autoStopAt} is when the
 * line stops at the station unless someone contains the problem first (null: it stops at once, or not known yet).
 */
public record Call(long callId, String callType, Instant openedAt, Instant autoStopAt) {
}
