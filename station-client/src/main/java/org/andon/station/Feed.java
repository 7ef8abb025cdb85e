package org.andon.station;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What the station hears, handled once and in order: the snapshot sent on subscribing, live pushes, and the catch-up
 * reply after each (re)connect (docs/protocol.md §8). Keeps the highest push seq handled ({@code lastSeq}, what
 * catch-up asks from) apart from the log position the shown state reflects ({@code stateSeq}), so an old push
 * replayed by catch-up never rolls the state back and a late old snapshot is ignored. Live pushes that arrive before
 * the catch-up reply are held back until it is in. Runs on the client's thread only.
 */
final class Feed {

	private static final System.Logger LOG = System.getLogger(Feed.class.getName());

	private final String stationId;
	private final Board board;
	private final Consumer<Consumer<StationListener>> listeners;
	private final Runnable refresh;
	private final Runnable syncNow;
	private long lastSeq;
	private boolean positioned;
	private long stateSeq;
	private boolean catchingUp;
	private boolean awaitingSnapshot;
	private boolean snapshotOnThisLink;
	private long seqAtConnect;
	private final List<StationPush> heldBack = new ArrayList<>();

	/**
	 * @param positioned whether {@code lastSeq} was stored by an earlier run (so 0 is a position, see
	 *     {@link #positioned()})
	 * @param listeners calls each listener
	 * @param refresh makes the client's status picture current (before listeners hear of a change)
	 * @param syncNow sends {@code /app/sync} from {@link #lastSeq()}
	 */
	Feed(String stationId, long lastSeq, boolean positioned, Consumer<Consumer<StationListener>> listeners,
			Runnable refresh, Runnable syncNow) {
		this.stationId = stationId;
		this.board = new Board(stationId);
		this.lastSeq = lastSeq;
		this.positioned = positioned || lastSeq > 0;
		this.listeners = listeners;
		this.refresh = refresh;
		this.syncNow = syncNow;
	}

	Board board() {
		return board;
	}

	long lastSeq() {
		return lastSeq;
	}

	/**
	 * Whether {@link #lastSeq()} is a position to catch up from: a snapshot or a push was handled. On a server whose
	 * log is still empty that position is 0, and asking without {@code since} would get a snapshot in place of the
	 * part notices committed meanwhile (the state would be right, but the station would never hear of them).
	 */
	boolean positioned() {
		return positioned;
	}

	boolean caughtUp() {
		return !catchingUp;
	}

	/**
	 * A new link is up. Returns true if the client should send its sync now; false when this station never caught up
	 * and waits for the snapshot sent on subscribing, then catches up from its seq (asking without {@code since}
	 * would get a second, later snapshot, and part notices in between would be lost).
	 */
	boolean opened() {
		seqAtConnect = lastSeq;
		snapshotOnThisLink = false;
		catchingUp = true;
		heldBack.clear();
		awaitingSnapshot = !positioned;
		return !awaitingSnapshot;
	}

	/** The snapshot never came: true (once) if the client should sync without it. */
	boolean giveUpWaitingForSnapshot() {
		boolean was = awaitingSnapshot;
		awaitingSnapshot = false;
		return was;
	}

	void lost() {
		catchingUp = false;
		awaitingSnapshot = false;
		heldBack.clear();
	}

	void push(StationPush p) {
		LOG.log(System.Logger.Level.DEBUG, () -> "station " + stationId + " push " + p.type() + " " + p.seq()
				+ (catchingUp ? " (held back)" : ""));
		if (p.isSnapshot()) {
			snapshot(p);
		}
		else if (catchingUp) {
			heldBack.add(p);
		}
		else {
			handle(p);
		}
	}

	private void snapshot(StationPush p) {
		boolean first = !snapshotOnThisLink;
		snapshotOnThisLink = true;
		if (first && p.seq() < seqAtConnect) {
			// The log ends before what this station saw before connecting: the server's database was replaced.
			// (A later snapshot on this link older than what was applied is only late, and is ignored below.)
			LOG.log(System.Logger.Level.WARNING, "the server''s log ends at {0} but this station saw {1}; "
					+ "starting over from the server''s snapshot", p.seq(), lastSeq);
			lastSeq = p.seq();
			stateSeq = 0;
		}
		if (awaitingSnapshot) {
			awaitingSnapshot = false;
			lastSeq = Math.max(lastSeq, p.seq());
			positioned = true;
			syncNow.run();
		}
		if (p.seq() >= stateSeq) {
			stateSeq = p.seq();
			StationState before = board.applySnapshot(p.data(), p.seq());
			refresh.run();
			if (before != board.state) {
				listeners.accept(l -> l.onStateChanged(before, board.state, null));
			}
		}
	}

	/** The reply to {@code /app/sync}: missed pushes, or a snapshot when too much was missed, or an error. */
	void sync(JsonNode reply) {
		LOG.log(System.Logger.Level.DEBUG, () -> "station " + stationId + " sync reply: " + reply);
		try {
			if (reply.hasNonNull("code")) {
				LOG.log(System.Logger.Level.WARNING, "sync refused: {0} {1}", reply.get("code").asString(),
						reply.path("message").asString(""));
			}
			else if (reply.hasNonNull("snapshot")) {
				StationPush snap = StationClient.JSON.treeToValue(reply.get("snapshot"), StationPush.class);
				snapshot(snap);
				lastSeq = Math.max(lastSeq, snap.seq());
				positioned = true;
			}
			else {
				// upTo is not taken as lastSeq: when nothing was missed the server reads the end of the log apart
				// from the entries, and a push committed in between would then be skipped as already seen.
				for (JsonNode n : reply.path("missed")) {
					StationPush p;
					try {
						p = StationClient.JSON.treeToValue(n, StationPush.class);
					}
					catch (JacksonException | IllegalArgumentException ex) {
						LOG.log(System.Logger.Level.WARNING, "skipping a missed push this client cannot read: " + n, ex);
						continue;
					}
					if (p.isSnapshot()) {
						snapshot(p);
					}
					else {
						handle(p);
					}
				}
			}
		}
		finally {
			// Whatever the reply held, live pushes must not stay held back.
			if (catchingUp) {
				catchingUp = false;
				for (StationPush p : heldBack) {
					handle(p);
				}
				heldBack.clear();
			}
		}
	}

	/** Handles a push once: anything at or below the last seq handled was handled before. */
	private void handle(StationPush p) {
		if (p.seq() <= lastSeq) {
			return;
		}
		lastSeq = p.seq();
		positioned = true;
		boolean current = p.seq() > stateSeq;
		StationState before = board.state;
		board.applyPush(p, current);
		if (current) {
			// The state now reflects the log up to here: an older snapshot arriving late must not roll it back.
			stateSeq = p.seq();
		}
		refresh.run();
		switch (p.type()) {
			case StationPush.HALT -> listeners.accept(l -> l.onHalt(stopOf(p), p));
			case StationPush.RESUME -> listeners.accept(l -> l.onResume(p.data().path("stopId").asLong(), p));
			case StationPush.CUSTOMER_STOPPED -> listeners.accept(l -> l.onCustomerStopped(stopOf(p), p));
			case StationPush.CUSTOMER_RESUMED -> listeners.accept(l -> l.onCustomerResumed(p.data().path("stopId")
				.asLong(), p));
			case StationPush.PART_REJECTED -> listeners.accept(l -> l.onPartRejected(p.partSerial(),
					p.text("defectCode"), p.text("note"), p));
			case StationPush.PART_INCOMING -> listeners.accept(l -> l.onPartIncoming(p.partSerial(), p.text("from"),
					p));
			case StationPush.STATE -> {
				StationState from = Board.stateOf(p.text("from"));
				listeners.accept(l -> l.onStateChanged(current ? before : from, Board.stateOf(p.text("to")), p));
			}
			default -> LOG.log(System.Logger.Level.INFO, "push of a kind this client does not know: {0}", p.type());
		}
	}

	private static Stop stopOf(StationPush p) {
		JsonNode d = p.data();
		String started = d.path("startedAt").asString(null);
		return new Stop(d.path("stopId").asLong(), p.text("stoppedStation"), p.text("reason"), p.text("defectCode"),
				p.text("note"), started == null ? null : Instant.parse(started), p.text("startedBy"));
	}
}
