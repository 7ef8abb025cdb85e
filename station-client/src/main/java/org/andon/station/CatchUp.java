package org.andon.station;

import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;

import org.andon.station.link.Scheduler;
import org.andon.station.state.LastSeenSeq;

/**
 * Catching up on what the station missed: a sync from the last sequence number seen after every (re)connect (or
 * after the snapshot, when the server sends one), that number kept in the state folder, and a sync now and then on
 * an idle link (the server sends no heart-beats), which counts the link as dead when it goes unanswered. What is
 * heard is handled by the {@link Feed}. Runs on the client's scheduler thread only.
 */
final class CatchUp {

	private static final System.Logger LOG = System.getLogger(StationClient.class.getName());
	static final String SYNC = "/app/sync";

	private final ClientSettings settings;
	private final Scheduler scheduler;
	private final LinkKeeper keeper;
	private final LastSeenSeq seen;
	private final Feed feed;
	private int syncsSent;
	private int syncAnswered;
	private Scheduler.Cancellable probe;

	CatchUp(ClientSettings settings, Scheduler scheduler, LinkKeeper keeper, LastSeenSeq seen,
			Consumer<Consumer<StationListener>> listeners, Runnable refresh) {
		this.settings = settings;
		this.scheduler = scheduler;
		this.keeper = keeper;
		this.seen = seen;
		this.feed = new Feed(settings.stationId(), seen.get(), seen.known(), listeners, refresh, this::sendSync);
	}

	Feed feed() {
		return feed;
	}

	/** Whether a sync goes at once on a new link (otherwise after the snapshot, or when it is late). */
	boolean opening() {
		return feed.opened();
	}

	/** The link is up: catch up now or once the snapshot is in, and start probing it. */
	void online(int conn, boolean syncNow) {
		if (syncNow) {
			sendSync();
		}
		else {
			scheduler.schedule(() -> {
				if (keeper.current(conn) && feed.giveUpWaitingForSnapshot()) {
					sendSync();
				}
			}, settings.answerWithin());
		}
		scheduleProbe(conn);
	}

	void dropped() {
		LinkKeeper.cancel(probe);
		feed.lost();
	}

	boolean caughtUp() {
		return feed.caughtUp();
	}

	void push(StationPush push) {
		feed.push(push);
	}

	/** A sync reply: the probe is answered, and what was missed is applied. */
	void answered(JsonNode reply) {
		syncAnswered = syncsSent;
		boolean wasCatchingUp = !feed.caughtUp();
		feed.sync(reply);
		if (wasCatchingUp) {
			keeper.resetFailures();
		}
	}

	private void sendSync() {
		if (keeper.link() == null) {
			return;
		}
		int conn = keeper.connection();
		int number = ++syncsSent;
		Map<String, Object> body = feed.positioned() ? Map.of("since", feed.lastSeq()) : Map.of();
		try {
			keeper.link().send(SYNC, StationClient.JSON.writeValueAsBytes(body));
		}
		catch (RuntimeException ex) {
			keeper.lost(conn, "sending failed: " + LinkKeeper.describe(ex));
			return;
		}
		scheduler.schedule(() -> {
			if (keeper.current(conn) && syncAnswered < number) {
				keeper.lost(conn, "no answer to a sync within " + settings.answerWithin().toSeconds() + " s");
			}
		}, settings.answerWithin());
	}

	/** The server sends no heart-beats, so an idle link is checked with a sync now and then (it also catches up). */
	private void scheduleProbe(int conn) {
		LinkKeeper.cancel(probe);
		probe = scheduler.schedule(() -> {
			if (keeper.current(conn)) {
				if (syncAnswered == syncsSent) {
					sendSync();
				}
				scheduleProbe(conn);
			}
		}, settings.probeEvery());
	}

	/** Keeps the last sequence number seen in the state folder, for the next run's catch-up. */
	void storeSeq() {
		if (!feed.positioned()) {
			return;
		}
		try {
			seen.store(feed.lastSeq());
		}
		catch (IOException ex) {
			LOG.log(System.Logger.Level.ERROR, "could not store the last seen sequence number", ex);
		}
	}

	void close() {
		LinkKeeper.cancel(probe);
	}
}
