package org.andon.ops.sim;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** One stop pulled by the simulator: when it was sent, and when each station downstream heard its HALT. */
final class StopRecord {

	final Phase phase;
	final int line;
	final String station;
	final Set<String> expected;
	volatile long sent;
	volatile long stopId = -1;
	private final Map<String, Long> heard = new ConcurrentHashMap<>();
	private final Map<String, Long> heardOnWire = new ConcurrentHashMap<>();
	private final AtomicBoolean complete = new AtomicBoolean();

	StopRecord(Phase phase, int line, String station, Set<String> expected) {
		this.phase = phase;
		this.line = line;
		this.station = station;
		this.expected = expected;
	}

	void halted(String at, long listenerNanos, Long wireNanos) {
		if (!expected.contains(at) || heard.putIfAbsent(at, listenerNanos) != null) {
			phase.unexpectedHalts.increment();
			return;
		}
		if (wireNanos != null) {
			heardOnWire.put(at, wireNanos);
		}
		if (phase.measured) {
			phase.halts.add(listenerNanos - sent);
			if (wireNanos != null) {
				phase.haltsWire.add(wireNanos - sent);
			}
		}
		if (heard.size() == expected.size() && complete.compareAndSet(false, true) && phase.measured) {
			phase.lastHalts.add(heard.values().stream().mapToLong(Long::longValue).max().orElseThrow() - sent);
			if (heardOnWire.size() == expected.size()) {
				phase.lastHaltsWire.add(heardOnWire.values().stream().mapToLong(Long::longValue).max()
					.orElseThrow() - sent);
			}
		}
	}

	long missing() {
		return expected.size() - heard.size();
	}

	/** HALTs that never came for the accepted stops of {@code p}. */
	static long missingHalts(Phase p) {
		synchronized (p.stops) {
			return p.stops.stream().filter(r -> r.stopId > 0).mapToLong(StopRecord::missing).sum();
		}
	}
}
