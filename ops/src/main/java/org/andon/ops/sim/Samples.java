package org.andon.ops.sim;

import java.util.Arrays;

/**
 * Latencies of one kind, kept whole (a run holds at most a few hundred thousand), so percentiles are exact rather
 * than read from buckets. Safe to add to from any thread.
 */
final class Samples {

	private long[] nanos = new long[1024];
	private int size;

	synchronized void add(long value) {
		if (size == nanos.length) {
			nanos = Arrays.copyOf(nanos, size * 2);
		}
		nanos[size++] = value;
	}

	synchronized int count() {
		return size;
	}

	synchronized Latency summary() {
		long[] sorted = Arrays.copyOf(nanos, size);
		Arrays.sort(sorted);
		return Latency.of(sorted);
	}

	/** Percentiles in milliseconds by nearest rank; all zero when there is nothing to summarise. */
	record Latency(long count, double p50, double p99, double p999, double max, double mean) {

		static final Latency NONE = new Latency(0, 0, 0, 0, 0, 0);

		static Latency of(long[] sorted) {
			if (sorted.length == 0) {
				return NONE;
			}
			double sum = 0;
			for (long v : sorted) {
				sum += v;
			}
			return new Latency(sorted.length, ms(rank(sorted, 0.50)), ms(rank(sorted, 0.99)), ms(rank(sorted, 0.999)),
					ms(sorted[sorted.length - 1]), ms(sum / sorted.length));
		}

		private static long rank(long[] sorted, double q) {
			int index = (int) Math.ceil(q * sorted.length) - 1;
			return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
		}

		private static double ms(double nanos) {
			return Math.round(nanos / 1_000.0) / 1_000.0;
		}

		/** {@code this} divided by {@code floor}, percentile by percentile (0 where the floor is 0). */
		Ratio over(Latency floor) {
			return new Ratio(div(p50, floor.p50), div(p99, floor.p99), div(p999, floor.p999), div(max, floor.max));
		}

		private static double div(double a, double b) {
			return b <= 0 ? 0 : Math.round(a / b * 100) / 100.0;
		}

		String text() {
			return count == 0 ? "none measured"
					: String.format(java.util.Locale.ROOT, "p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms  (n=%d)",
							p50, p99, p999, max, count);
		}
	}

	/** A latency as a multiple of the machine's floor for the same thing. */
	record Ratio(double p50, double p99, double p999, double max) {

		String text() {
			return String.format(java.util.Locale.ROOT, "p50 %.2fx  p99 %.2fx  p99.9 %.2fx  max %.2fx", p50, p99, p999,
					max);
		}
	}
}
