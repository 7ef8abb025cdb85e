package org.andon.messaging;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * Each session's share of commands and catch-up requests together: at most
 * {@code andon.protocol.session-commands-per-second} in any one second.
 * A session over its share is refused at once, before its command is parsed or queued, so a flooding session (a
 * looping script, a PLC gateway gone wrong) cannot take the writer's time from the other stations. Every refusal is
 * counted by sender ({@code andon_sessions_rate_limited_total}); the log names the session once per second it floods.
 */
@Component
class SessionRateLimits {

	private static final Logger LOG = LoggerFactory.getLogger(SessionRateLimits.class);

	private final RateLimiterConfig config;
	private final MeterRegistry meters;
	private final ConcurrentMap<String, Share> sessions = new ConcurrentHashMap<>();

	SessionRateLimits(ProtocolProperties properties, MeterRegistry meters) {
		this.config = RateLimiterConfig.custom().limitForPeriod(properties.sessionCommandsPerSecond())
			.limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ZERO).build();
		this.meters = meters;
	}

	/** Whether this session may send one more command now; counts and logs it when not. */
	boolean allow(String sessionId, String sender) {
		Share share = sessions.computeIfAbsent(sessionId, id -> new Share(RateLimiter.of(id, config),
				Counter.builder("andon.sessions.rate.limited").description("Commands refused because their session "
						+ "sent more than its share, by sender").tag("sender", sender).register(meters)));
		if (share.limiter.acquirePermission()) {
			return true;
		}
		share.refused.increment();
		long now = System.nanoTime();
		long last = share.lastLogged.get();
		if ((last == 0 || now - last >= 1_000_000_000L) && share.lastLogged.compareAndSet(last, now)) {
			LOG.warn("session {} of {} sends more than {} commands a second: refusing the rest with RATE_LIMITED "
					+ "({} refused so far)", sessionId, sender, config.getLimitForPeriod(),
					(long) share.refused.count());
		}
		return false;
	}

	@EventListener
	void closed(SessionDisconnectEvent event) {
		sessions.remove(event.getSessionId());
	}

	/** One session's limiter, its refusals and when it was last logged. */
	private record Share(RateLimiter limiter, Counter refused, AtomicLong lastLogged) {
		Share(RateLimiter limiter, Counter refused) {
			this(limiter, refused, new AtomicLong());
		}
	}
}
