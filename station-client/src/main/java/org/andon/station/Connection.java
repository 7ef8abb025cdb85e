package org.andon.station;

import java.time.Instant;

/**
 * The client's link to the line server as a worker should see it: {@code detail} says why in plain words,
 * {@code nextAttempt} when the client tries again while OFFLINE or REFUSED, and {@code caughtUp} whether, ONLINE,
 * the catch-up on what was missed is done (until then new pushes are held back).
 */
public record Connection(State state, String detail, Instant since, Instant nextAttempt, boolean caughtUp) {

	/** Where the link is. REFUSED: the server turned the station's token down; CLOSED: the client was closed. */
	public enum State {
		CONNECTING, ONLINE, OFFLINE, REFUSED, CLOSED
	}

	public boolean online() {
		return state == State.ONLINE;
	}
}
