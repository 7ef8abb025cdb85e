package org.andon.people;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Slows down guessing of tokens and passwords, on the STOMP sign-in and on the REST API alike: after
 * {@code andon.sign-in.max-failures} failed sign-ins in a row for one login from one address, that login is refused
 * from that address for {@code andon.sign-in.lockout}, before its secret is even checked (BCrypt is slow on purpose,
 * so this also keeps a guesser from taking the CPU). Keyed by address too, so that someone guessing a station's
 * token from elsewhere on the network cannot lock the station itself out. Counted in
 * {@code andon_sign_ins_throttled_total}, logged when a lockout starts.
 */
@Component
public class SignInThrottle {

	private static final Logger LOG = LoggerFactory.getLogger(SignInThrottle.class);

	/** Entries kept at most; past that, those whose lockout is over are dropped (a guesser trying many logins). */
	private static final int MAX_TRACKED = 10_000;

	private final SignInProperties properties;
	private final Clock clock;
	private final Counter throttled;
	private final ConcurrentMap<Key, Failures> failures = new ConcurrentHashMap<>();

	SignInThrottle(SignInProperties properties, Clock clock, MeterRegistry meters) {
		this.properties = properties;
		this.clock = clock;
		this.throttled = Counter.builder("andon.sign.ins.throttled")
			.description("Sign-ins refused because of too many failures before them").register(meters);
	}

	/** How long this login is still refused from this address, if it is; counts the refusal. */
	public Optional<Duration> refusedFor(String login, String address) {
		Failures f = failures.get(new Key(String.valueOf(login), String.valueOf(address)));
		Instant now = clock.instant();
		if (f == null || f.lockedUntil() == null || !now.isBefore(f.lockedUntil())) {
			return Optional.empty();
		}
		throttled.increment();
		return Optional.of(Duration.between(now, f.lockedUntil()));
	}

	/** A sign-in with a wrong secret (or an unknown login). */
	public void failed(String login, String address) {
		Instant now = clock.instant();
		if (failures.size() >= MAX_TRACKED) {
			failures.values().removeIf(f -> f.lockedUntil() != null && !now.isBefore(f.lockedUntil()));
		}
		Key key = new Key(String.valueOf(login), String.valueOf(address));
		Failures after = failures.compute(key, (k, f) -> {
			int count = f == null || (f.lockedUntil() != null && !now.isBefore(f.lockedUntil())) ? 1 : f.count() + 1;
			return new Failures(count, count >= properties.maxFailures() ? now.plus(properties.lockout()) : null);
		});
		if (after.count() == properties.maxFailures()) {
			LOG.warn("{} failed sign-ins in a row for '{}' from {}: refusing it from there until {}", after.count(),
					login, address, after.lockedUntil());
		}
	}

	/** A sign-in that succeeded: the failures before it are forgotten. */
	public void succeeded(String login, String address) {
		failures.remove(new Key(String.valueOf(login), String.valueOf(address)));
	}

	private record Key(String login, String address) {
	}

	private record Failures(int count, Instant lockedUntil) {
	}
}
