package org.andon.people;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
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
 * token from elsewhere on the network cannot lock the station itself out.
 * <p>
 * A guesser spread over many addresses gets past that, so the failures for one login are also counted over all
 * addresses: after {@code andon.sign-in.max-failures-per-login} of them, each within the lockout of the one before,
 * the login is refused from every address it has not signed in from since the server started, until a lockout has
 * passed since the last failure. The station's own PC (or the lead's usual tablet) keeps signing in; a new address
 * waits out the lockout, and a guesser gets at most that many tries a lockout. Counted in {@code andon_sign_ins_throttled_total}, logged when a
 * lockout starts.
 */
@Component
public class SignInThrottle {

	private static final Logger LOG = LoggerFactory.getLogger(SignInThrottle.class);

	/** Entries kept at most; past that, those whose lockout is over are dropped (a guesser trying many logins). */
	private static final int MAX_TRACKED = 10_000;

	/** Addresses remembered per login that signed in from them; the oldest is forgotten past this. */
	private static final int KNOWN_ADDRESSES = 16;

	/** Why a sign-in is refused before its secret is checked, and for how long yet. */
	public record Refusal(Duration left, boolean everywhere) {

		/** Whole seconds to wait, rounded up, at least 1 (the REST answer's Retry-After). */
		public long seconds() {
			return Math.max(1, left.toSeconds() + (left.toMillisPart() > 0 ? 1 : 0));
		}

		/** The refusal's text after the error code, for the STOMP ERROR frame and the REST answer alike. */
		public String message(String login) {
			long seconds = seconds();
			return "too many failed sign-ins for '" + login + "' " + (everywhere
					? "from many addresses: for now it signs in only from an address it has signed in from before; "
							+ "try again in " + seconds + " s"
					: "from this address; try again in " + seconds + " s");
		}
	}

	private final SignInProperties properties;
	private final Clock clock;
	private final Counter throttled;
	private final ConcurrentMap<Key, Failures> failures = new ConcurrentHashMap<>();
	private final ConcurrentMap<String, Failures> spread = new ConcurrentHashMap<>();
	private final ConcurrentMap<String, Set<String>> known = new ConcurrentHashMap<>();

	SignInThrottle(SignInProperties properties, Clock clock, MeterRegistry meters) {
		this.properties = properties;
		this.clock = clock;
		this.throttled = Counter.builder("andon.sign.ins.throttled")
			.description("Sign-ins refused because of too many failures before them").register(meters);
	}

	/** Whether (and how long yet) this login is refused from this address; counts the refusal. */
	public Optional<Refusal> refusedFor(String login, String address) {
		String who = String.valueOf(login);
		String from = String.valueOf(address);
		Instant now = clock.instant();
		Failures f = failures.get(new Key(who, from));
		if (f != null && f.lockedUntil() != null && now.isBefore(f.lockedUntil())) {
			throttled.increment();
			return Optional.of(new Refusal(Duration.between(now, f.lockedUntil()), false));
		}
		Failures all = spread.get(who);
		if (all == null || all.count() < properties.maxFailuresPerLogin() || !now.isBefore(all.lockedUntil())
				|| known.getOrDefault(who, Set.of()).contains(from)) {
			return Optional.empty();
		}
		// refusals do not prolong it: a station retrying from a new address gets in a lockout after the last failure
		throttled.increment();
		return Optional.of(new Refusal(Duration.between(now, all.lockedUntil()), true));
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
		if (properties.maxFailuresPerLogin() > 0) {
			failedSomewhere(String.valueOf(login), now);
		}
	}

	/**
	 * Counts a failure for the login over all addresses. {@code lockedUntil} is then the last failure's time plus
	 * the lockout: the count starts again once that has passed without one, and refuses while it is at the limit.
	 */
	private void failedSomewhere(String login, Instant now) {
		if (spread.size() >= MAX_TRACKED) {
			spread.values().removeIf(a -> !now.isBefore(a.lockedUntil()));
		}
		Failures after = spread.compute(login, (k, a) -> new Failures(
				a == null || !now.isBefore(a.lockedUntil()) ? 1 : a.count() + 1, now.plus(properties.lockout())));
		if (after.count() == properties.maxFailuresPerLogin()) {
			LOG.warn("{} failed sign-ins for '{}' from several addresses: refusing it from any address it has not "
					+ "signed in from until {} has passed without a failure", after.count(), login,
					properties.lockout());
		}
	}

	/** A sign-in that succeeded: the failures from that address are forgotten, and the address is known. */
	public void succeeded(String login, String address) {
		String from = String.valueOf(address);
		failures.remove(new Key(String.valueOf(login), from));
		known.compute(String.valueOf(login), (k, addresses) -> {
			Set<String> next = new LinkedHashSet<>(addresses == null ? Set.of() : addresses);
			next.remove(from);
			next.add(from);
			while (next.size() > KNOWN_ADDRESSES) {
				next.remove(next.iterator().next());
			}
			return next;
		});
	}

	private record Key(String login, String address) {
	}

	private record Failures(int count, Instant lockedUntil) {
	}
}
