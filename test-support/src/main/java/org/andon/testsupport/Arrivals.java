package org.andon.testsupport;

import java.time.Duration;
import java.util.function.IntSupplier;

/** Wakes whoever waits for a frame when one arrives: a wait with a deadline, never a sleep. */
final class Arrivals {

	/** Something arrived: wake the waiters so they look again. */
	synchronized void signal() {
		notifyAll();
	}

	/** Looks with {@code find} after every arrival until it answers 0 or more, or {@code within} is over (-1). */
	synchronized int await(IntSupplier find, Duration within) throws InterruptedException {
		long deadline = System.nanoTime() + within.toNanos();
		while (true) {
			int found = find.getAsInt();
			long left = deadline - System.nanoTime();
			if (found >= 0 || left <= 0) {
				return found;
			}
			wait(Math.max(1, left / 1_000_000));
		}
	}
}
