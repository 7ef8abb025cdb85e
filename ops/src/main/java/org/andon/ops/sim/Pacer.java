package org.andon.ops.sim;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Calls a tick at a fixed rate on the calling thread, on an absolute schedule (open loop: a slow answer does not
 * slow the load down, so latencies are not flattered). If the caller falls more than {@link #MAX_BEHIND} behind,
 * the missed ticks are dropped and counted instead of fired in a burst.
 */
final class Pacer {

	static final Duration MAX_BEHIND = Duration.ofMillis(100);

	private Pacer() {
	}

	/** What a paced run did: ticks fired, ticks dropped because the caller fell behind, and the largest lag. */
	record Run(long ticks, long dropped, double maxLagMillis) {
	}

	/** Ticks {@code perSecond} times a second for {@code length}; a rate of 0 just waits out the time. */
	static Run run(double perSecond, Duration length, Runnable tick) {
		long start = System.nanoTime();
		long end = start + length.toNanos();
		if (perSecond <= 0) {
			parkUntil(end);
			return new Run(0, 0, 0);
		}
		long interval = Math.max(1, Math.round(1e9 / perSecond));
		long next = start;
		long ticks = 0;
		long dropped = 0;
		long maxLag = 0;
		long maxBehind = MAX_BEHIND.toNanos();
		while (next < end) {
			parkUntil(next);
			long lag = System.nanoTime() - next;
			if (lag > maxBehind) {
				long skip = lag / interval;
				dropped += skip;
				next += skip * interval;
			}
			maxLag = Math.max(maxLag, lag);
			tick.run();
			ticks++;
			next += interval;
		}
		parkUntil(end);
		return new Run(ticks, dropped, maxLag / 1e6);
	}

	private static void parkUntil(long deadline) {
		for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
			LockSupport.parkNanos(left);
		}
	}
}
