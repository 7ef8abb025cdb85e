package org.andon.station;

import java.net.URI;
import java.time.Instant;

/**
 * The client's link to the line server as a worker should see it: {@code detail} says why in plain words,
 * {@code nextAttempt} when the client tries again while OFFLINE or REFUSED, and {@code caughtUp} whether, ONLINE,
 * the catch-up on what was missed is done (until then new pushes are held back). {@code server} is the server the
 * client is connected to, connecting to, or (OFFLINE) going to try next; null only where nobody said.
 */
public record Connection(State state, String detail, Instant since, Instant nextAttempt, boolean caughtUp,
		URI server) {

	/** Where the link is. REFUSED: the server turned the station's token down; CLOSED: the client was closed. */
	public enum State {
		CONNECTING, ONLINE, OFFLINE, REFUSED, CLOSED
	}

	/** A picture that does not name the server (kept for code written before clients knew several servers). */
	public Connection(State state, String detail, Instant since, Instant nextAttempt, boolean caughtUp) {
		this(state, detail, since, nextAttempt, caughtUp, null);
	}

	public boolean online() {
		return state == State.ONLINE;
	}
}
