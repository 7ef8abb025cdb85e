package org.andon.messaging;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits and origins of the STOMP endpoint.
 *
 * @param allowedOrigins browser origins allowed to open the WebSocket; clients that send no Origin are not browsers
 * and are let through to the STOMP sign-in
 * @param maxCommandBytes a command body larger than this gets a FRAME_TOO_LARGE result and the session stays open
 * @param maxFrameBytes a WebSocket message larger than this closes the session with 1009 (the transport's own
 * protection). A message is only buffered this large while it arrives ({@link WholeMessages}), so the limit costs
 * idle sessions nothing; commands are at most {@code maxCommandBytes}
 * @param catchUpLimit a reconnecting client that missed more events than this gets a snapshot instead
 * @param senderCommandsPerSecond the most commands and catch-up requests one sender (a station or a person, over all its
 * sessions) may send in a second; past
 * that a command (or a sync) gets RATE_LIMITED at once, without being parsed or queued ({@link SenderRateLimits})
 * @param floodCloseAfter a session refused RATE_LIMITED more often than this within one second is closed with an
 * ERROR frame, and its login barred from its address for {@code floodLockout} ({@link SenderRateLimits})
 * @param floodLockout how long a login closed for flooding may not sign in again from that address
 * @param signInWithin a WebSocket that has not signed in (a CONNECT accepted) this long after it opened is closed
 * with 1008 ({@link UnsignedSockets})
 * @param unsignedSocketsPerAddress the most WebSockets one address may hold open without having signed in; one more
 * upgrade is answered 429 (0: no limit)
 * @param unsignedSocketsExempt addresses not held to {@code unsignedSocketsPerAddress}: the server's own host, where
 * the line simulator and a reverse proxy run
 */
@ConfigurationProperties("andon.protocol")
record ProtocolProperties(@DefaultValue("http://localhost:8080") List<String> allowedOrigins,
		@DefaultValue("8192") int maxCommandBytes, @DefaultValue("16384") int maxFrameBytes,
		@DefaultValue("1000") int catchUpLimit, @DefaultValue("500") int senderCommandsPerSecond,
		@DefaultValue("5000") int floodCloseAfter, @DefaultValue("10s") java.time.Duration floodLockout,
		@DefaultValue("10s") java.time.Duration signInWithin, @DefaultValue("64") int unsignedSocketsPerAddress,
		@DefaultValue({ "127.0.0.1", "0:0:0:0:0:0:0:1" }) List<String> unsignedSocketsExempt) {
}
