package org.andon.messaging;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import org.andon.log.EntriesDurable;
import org.andon.log.EventLog;
import org.andon.log.LoggedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The last push each station was sent, kept as commits are published, so that a station's liveness probe
 * ({@code /app/sync} with its last seq) is answered from memory when nothing was missed, without reading the log.
 * Exact only for the log written since this node started (and, per station, from the first probe the log answered):
 * before that, and in cluster mode (other nodes write too), the log is read as before.
 */
@Component
class StationHeads {

	private final ConcurrentHashMap<String, Head> heads = new ConcurrentHashMap<>();
	private final boolean enabled;
	/** The log's head before the command writer started: every entry after it is published to {@link #on} here. */
	private final long startSeq;

	StationHeads(EventLog log, ClusterProperties cluster) {
		this.enabled = !cluster.enabled();
		this.startSeq = log.lastSeq();
	}

	/** One station's last push, exact for every entry after {@code exactFrom}. */
	private static final class Head {

		private long exactFrom;
		private long last;

		Head(long exactFrom) {
			this.exactFrom = exactFrom;
		}

		synchronized void pushed(long seq) {
			last = Math.max(last, seq);
		}

		synchronized boolean nothingAfter(long since) {
			return since >= exactFrom && last <= since;
		}

		synchronized void read(long since, long upTo, long lastMissed) {
			if (since < exactFrom && upTo >= exactFrom) {
				exactFrom = since;
			}
			last = Math.max(last, lastMissed);
		}
	}

	/** Before the batch's answers: a station that probes right after its STOP's result must hear of the HALT. */
	@EventListener
	void on(EntriesDurable committed) {
		if (!enabled) {
			return;
		}
		for (LoggedEvent e : committed.events()) {
			for (StationFeed.Addressed a : StationFeed.pushesFor(e)) {
				head(a.stationId()).pushed(e.seq());
			}
		}
	}

	/** True when the station is known to have been sent nothing after {@code since}. */
	boolean nothingAfter(String stationId, long since) {
		return enabled && head(stationId).nothingAfter(since);
	}

	/** The log was read for the station over {@code (since, upTo]} and these pushes were found in it. */
	void read(String stationId, long since, long upTo, List<StationPush> missed) {
		if (enabled) {
			head(stationId).read(since, upTo, missed.isEmpty() ? 0 : missed.get(missed.size() - 1).seq());
		}
	}

	private Head head(String stationId) {
		Head h = heads.get(stationId);
		return h != null ? h : heads.computeIfAbsent(stationId, s -> new Head(startSeq));
	}
}
