package org.andon.station;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

import org.andon.station.link.ExecutorScheduler;
import org.andon.station.link.LinkFactory;
import org.andon.station.link.Scheduler;
import org.andon.station.link.StompLinkFactory;
import org.andon.station.state.LastSeenSeq;
import org.andon.station.state.Outbox;
import org.andon.station.state.StateDir;

/**
 * The parts of a {@link StationClient} put together on its scheduler thread: what arrives on the link goes to the
 * outbox replay (results) or the catch-up (pushes, sync replies), the status picture is kept current, and every
 * change reaches the listeners.
 */
final class StationCore implements LinkKeeper.Events {

	private static final System.Logger LOG = System.getLogger(StationClient.class.getName());

	private final ClientSettings settings;
	private final StateDir stateDir;
	private final Scheduler scheduler;
	private final LinkFactory links;
	private final Listeners listeners = new Listeners();
	private final LinkKeeper keeper;
	private final OutboxReplay replay;
	private final CatchUp catchUp;
	private volatile StationStatus status;
	private volatile boolean closed;

	StationCore(ClientSettings settings, StateDir stateDir, Outbox outbox, LastSeenSeq seen) {
		this.settings = settings;
		this.stateDir = stateDir;
		this.scheduler = settings.scheduler() != null ? settings.scheduler()
				: new ExecutorScheduler("station-" + settings.stationId());
		this.links = settings.links() != null ? settings.links() : new StompLinkFactory();
		this.keeper = new LinkKeeper(settings, scheduler, links, this);
		this.replay = new OutboxReplay(settings, scheduler, outbox, stateDir.path(), keeper, this::publish);
		this.catchUp = new CatchUp(settings, scheduler, keeper, seen, listeners::each, () -> status = picture());
		this.status = picture();
	}

	void start() {
		scheduler.execute(() -> {
			publish();
			keeper.connect();
		});
	}

	void addListener(StationListener listener) {
		listeners.add(listener);
	}

	StateDir stateDir() {
		return stateDir;
	}

	StationStatus status() {
		return status;
	}

	List<QueuedCommand> queued() {
		return replay.queued();
	}

	/** The worker's command: on disk in the outbox when this returns, then sent as soon as the link allows. */
	Ticket issue(Command command) {
		if (closed) {
			throw new IllegalStateException("the station client is closed");
		}
		Ticket ticket = new Ticket(command, replay.append(command));
		scheduler.execute(() -> {
			if (command.type() == CommandType.STOP) {
				keeper.retrySoon();
			}
			replay.flush();
			publish();
		});
		return ticket;
	}

	@Override
	public boolean opening() {
		return catchUp.opening();
	}

	@Override
	public void online(int conn, boolean syncNow) {
		replay.flush();
		catchUp.online(conn, syncNow);
	}

	@Override
	public void dropped() {
		catchUp.dropped();
	}

	@Override
	public void received(String destination, byte[] body) {
		try {
			JsonNode json = StationClient.JSON.readTree(body);
			switch (destination) {
				case "/user/queue/results" -> result(StationClient.JSON.treeToValue(json, CommandResult.class));
				case "/user/queue/station" -> catchUp.push(StationClient.JSON.treeToValue(json, StationPush.class));
				case "/user/queue/sync" -> catchUp.answered(json);
				default -> LOG.log(System.Logger.Level.WARNING, "message on unexpected destination {0}", destination);
			}
		}
		catch (RuntimeException ex) {
			// One message this client cannot read or apply must not stop the ones after it.
			LOG.log(System.Logger.Level.WARNING, "could not handle a message on " + destination, ex);
		}
		catchUp.storeSeq();
		publish();
	}

	private void result(CommandResult r) {
		Command command = replay.result(r, (finished, result, issuedAt) -> {
			catchUp.feed().board().applyResult(finished, result, issuedAt);
			status = picture();
		});
		if (command != null) {
			listeners.each(l -> l.onResult(command, r));
		}
	}

	@Override
	public boolean caughtUp() {
		return catchUp != null && catchUp.caughtUp();
	}

	@Override
	public void changed(Connection connection) {
		listeners.each(l -> l.onConnectionChanged(connection));
	}

	@Override
	public void publish() {
		StationStatus s = picture();
		status = s;
		listeners.each(l -> l.onStatus(s));
	}

	@Override
	public boolean closed() {
		return closed;
	}

	private StationStatus picture() {
		List<QueuedCommand> queued = replay.queued();
		Board board = catchUp.feed().board();
		return new StationStatus(settings.stationId(), board.name, board.lineId, board.state, board.since,
				List.copyOf(board.stops.values()), List.copyOf(board.calls.values()),
				List.copyOf(board.customerStops.values()),
				List.copyOf(board.held), List.copyOf(board.incoming), Map.copyOf(nullsOut(board.openDefects)),
				board.defectCodes, board.customers, keeper.picture(), List.copyOf(queued), catchUp.feed().lastSeq(),
				Map.copyOf(board.onHold));
	}

	private static Map<String, String> nullsOut(Map<String, String> m) {
		Map<String, String> copy = new LinkedHashMap<>();
		m.forEach((k, v) -> copy.put(k, v == null ? "?" : v));
		return copy;
	}

	/** See {@link StationClient#close()}. */
	void close() {
		if (closed) {
			return;
		}
		closed = true;
		CountDownLatch done = new CountDownLatch(1);
		scheduler.execute(() -> {
			try {
				catchUp.close();
				keeper.close();
				publish();
			}
			finally {
				done.countDown();
			}
		});
		if (settings.scheduler() == null) {
			// Our own thread: wait (briefly) for the link to close before the state folder is let go.
			try {
				done.await(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			scheduler.shutdown();
		}
		if (settings.links() == null) {
			links.close();
		}
		replay.close();
		try {
			stateDir.close();
		}
		catch (IOException ex) {
			LOG.log(System.Logger.Level.WARNING, "unlocking the state folder", ex);
		}
	}
}
