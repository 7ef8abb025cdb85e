package org.andon.station.link;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/** Opens links to the line server; the real one speaks STOMP over WebSocket, tests may fake it. */
public interface LinkFactory extends AutoCloseable {

	/**
	 * Connects and signs in with {@code login} and {@code passcode}, subscribes to the station's queues, and completes
	 * with the link; completes exceptionally with {@link SignInRefused} when the server refuses the credentials.
	 */
	CompletableFuture<Link> open(URI server, String login, String passcode, LinkHandler handler);

	@Override
	default void close() {
	}

	/** The server refused the sign-in (an ERROR frame in answer to CONNECT). Retrying will not help by itself. */
	final class SignInRefused extends RuntimeException {

		public SignInRefused(String message) {
			super(message, null, false, false);
		}
	}
}
