package org.andon.ops.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One stretch of a run at one rate: a warm-up (thrown away) or a measured window. A command or a stop belongs to the
 * phase it was sent in, even if its answer comes after the phase has ended.
 */
final class Phase {

	final double rate;
	final boolean measured;
	volatile long startNanos;
	volatile long endNanos;
	volatile Pacer.Run pacing;

	final Samples acks = new Samples();
	final Samples halts = new Samples();
	final Samples haltsWire = new Samples();
	final Samples lastHalts = new Samples();
	final Samples lastHaltsWire = new Samples();
	final Samples boardStops = new Samples();

	final LongAdder sent = new LongAdder();
	final LongAdder accepted = new LongAdder();
	final LongAdder rejected = new LongAdder();
	final LongAdder unanswered = new LongAdder();
	final LongAdder handOffs = new LongAdder();
	final LongAdder completed = new LongAdder();
	final LongAdder idleTicks = new LongAdder();
	final LongAdder heldBack = new LongAdder();
	final LongAdder unexpectedHalts = new LongAdder();
	final LongAdder boardEntries = new LongAdder();
	final LongAdder resumeFailures = new LongAdder();
	final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();
	final List<StopRecord> stops = Collections.synchronizedList(new ArrayList<>());

	volatile double serverCpuSeconds;
	volatile double simulatorCpuSeconds;
	volatile Map<String, Double> serverCpuByThread = Map.of();
	volatile Map<String, Double> simulatorCpuByThread = Map.of();
	volatile ServerMetrics.Snapshot serverTimings;
	volatile long serverRssMaxKb;
	volatile long serverRssEndKb;
	volatile double[] loadAtEnd = { 0, 0, 0 };

	Phase(double rate, boolean measured) {
		this.rate = rate;
		this.measured = measured;
	}

	void refused(String code) {
		refusals.computeIfAbsent(code == null ? "?" : code, c -> new LongAdder()).increment();
	}

	Map<String, Long> refusalCounts() {
		Map<String, Long> m = new TreeMap<>();
		refusals.forEach((k, v) -> m.put(k, v.sum()));
		return m;
	}

	double seconds() {
		return Math.max(1e-9, (endNanos - startNanos) / 1e9);
	}

	void sampleRss(long kb) {
		if (kb > serverRssMaxKb) {
			serverRssMaxKb = kb;
		}
	}
}
