package org.andon.station.link;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter for reconnecting: the ceiling doubles from {@code first} up to {@code max}, and
 * each wait is drawn between half the ceiling and the ceiling, so stations that lost the server together do not all
 * come back in the same millisecond.
 */
public record Backoff(Duration first, Duration max) {

	public Backoff {
		if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
			throw new IllegalArgumentException("backoff needs 0 < first <= max, got " + first + " and " + max);
		}
	}

	/** The wait before attempt number {@code failures + 1}, after {@code failures} failed attempts in a row. */
	public Duration delay(int failures, RandomGenerator random) {
		long ceiling = first.toMillis();
		for (int i = 1; i < failures && ceiling < max.toMillis(); i++) {
			ceiling *= 2;
		}
		ceiling = Math.min(ceiling, max.toMillis());
		long half = ceiling / 2;
		return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
	}
}
