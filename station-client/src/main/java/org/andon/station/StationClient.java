package org.andon.station;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.andon.station.link.Backoff;
import org.andon.station.link.ExecutorScheduler;
import org.andon.station.link.Link;
import org.andon.station.link.LinkFactory;
import org.andon.station.link.LinkHandler;
import org.andon.station.link.Scheduler;
import org.andon.station.link.StompLinkFactory;
import org.andon.station.state.LastSeenSeq;
import org.andon.station.state.Outbox;
import org.andon.station.state.StateDir;

/**
 * A station's connection to the line server, built so that nothing the worker does is lost or applied twice.
 *
 * <p>Each command gets its commandId when the worker acts, and is forced to disk in the outbox before the call
 * returns. Commands are sent in the order given; a command leaves the outbox only when its result arrives. When the
 * link breaks (or a command or sync probe goes unanswered) the client reconnects with exponential backoff and
 * jitter, sends everything still in the outbox again with the same commandIds (the server answers repeats with the
 * original result and writes nothing), and catches up on the pushes it missed from the last sequence number it saw,
 * which is kept in the same state folder.
 *
 * <p>Given several servers (nodes of one line server sharing one database), the client tries them in turn: a failed
 * attempt or a lost link moves it to the next one at once, and the backoff grows only after every server was tried.
 * The outbox and the catch-up work the same on any node, since commandIds and sequence numbers come from the
 * shared database.
 *
 * <p>All state changes run on one scheduler thread; the public methods may be called from any thread.
 */
public final class StationClient implements AutoCloseable {

	private static final System.Logger LOG = System.getLogger(StationClient.class.getName());
	/** Lenient on what it reads: a field a newer server adds is ignored, a flag an older one leaves out is false. */
	static final JsonMapper JSON = JsonMapper.builder()
		.disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
	static final String COMMANDS = "/app/commands";
	static final String SYNC = "/app/sync";

	private final Settings settings;
	private final StateDir stateDir;
	private final Outbox outbox;
	private final LastSeenSeq seen;
	private final Scheduler scheduler;
	private final LinkFactory links;
	private final List<StationListener> listeners = new CopyOnWriteArrayList<>();
	private final Map<String, CompletableFuture<CommandResult>> waiting = new ConcurrentHashMap<>();
	private final Map<String, Command> parsed = new ConcurrentHashMap<>();

	// Everything below is touched only on the scheduler's thread.
	private final Feed feed;
	private int connection;
	private int serverIndex;
	private URI linkServer;
	private Link link;
	private Connection.State linkState = Connection.State.OFFLINE;
	private String linkDetail = "not connected yet";
	private Instant linkSince;
	private Instant nextAttempt;
	private Instant lastAttempt;
	private int failures;
	private Scheduler.Cancellable retry;
	private Scheduler.Cancellable probe;
	private final List<Runnable> early = new ArrayList<>();
	private int syncsSent;
	private int syncAnswered;
	private final Map<String, Integer> sentOn = new HashMap<>();
	private final Map<String, Integer> sends = new ConcurrentHashMap<>();
	private volatile StationStatus status;
	private volatile boolean closed;

	private StationClient(Settings settings, StateDir stateDir, Outbox outbox, LastSeenSeq seen) {
		this.settings = settings;
		this.stateDir = stateDir;
		this.outbox = outbox;
		this.seen = seen;
		this.scheduler = settings.scheduler != null ? settings.scheduler
				: new ExecutorScheduler("station-" + settings.stationId);
		this.links = settings.links != null ? settings.links : new StompLinkFactory();
		this.feed = new Feed(settings.stationId, seen.get(), seen.known(), this::each, () -> status = picture(),
				this::sendSync);
		this.linkSince = settings.clock.instant();
		this.linkServer = settings.servers.get(0);
		this.status = picture();
	}

	public static Builder builder() {
		return new Builder();
	}

	/** Starts connecting; commands recovered from the outbox are sent as soon as the link is up. */
	public StationClient start() {
		scheduler.execute(() -> {
			publish();
			connect();
		});
		return this;
	}

	public void addListener(StationListener listener) {
		listeners.add(listener);
	}

	public String stationId() {
		return settings.stationId;
	}

	public Path stateDir() {
		return stateDir.path();
	}

	/** The servers this client tries, in order; {@code status().connection().server()} says which one it is on. */
	public List<URI> servers() {
		return settings.servers;
	}

	/** The latest picture of the station (safe to call from any thread). */
	public StationStatus status() {
		return status;
	}

	/** Commands given but not yet answered by the server, in order; read from the outbox, so never behind. */
	public List<QueuedCommand> queued() {
		return queuedNow();
	}

	// The worker's commands. Each is on disk in the outbox when the method returns.

	public Ticket receive(String partSerial) {
		return issue(CommandType.RECEIVE, partSerial, null, null, null, null, null, null, null);
	}

	public Ticket accept(String partSerial) {
		return issue(CommandType.ACCEPT, required(partSerial, "partSerial"), null, null, null, null, null, null, null);
	}

	/** Don't accept: refuse a part a supplier passed. {@code originStationId} and {@code note} may be null. */
	public Ticket reject(String partSerial, String defectCode, String originStationId, String note) {
		return issue(CommandType.REJECT, required(partSerial, "partSerial"), null, required(defectCode, "defectCode"),
				originStationId, note, null, null, null);
	}

	/** Don't make: report a defect in this station's own work on a part it holds. */
	public Ticket reportDefect(String partSerial, String defectCode, String note) {
		return issue(CommandType.REPORT_DEFECT, required(partSerial, "partSerial"), null,
				required(defectCode, "defectCode"), null, note, null, null, null);
	}

	public Ticket clearDefect(String partSerial, Resolution resolution, String note) {
		return issue(CommandType.CLEAR_DEFECT, required(partSerial, "partSerial"), null, null, null, note, null,
				Objects.requireNonNull(resolution, "resolution"), null);
	}

	/** Passes a good part on; {@code to} may be null when the station has one customer (or is the last one). */
	public Ticket pass(String partSerial, String to) {
		return issue(CommandType.PASS, required(partSerial, "partSerial"), to, null, null, null, null, null, null);
	}

	/** Pulls the andon. {@code defectCode} and {@code note} may be null. */
	public Ticket stop(StopReason reason, String defectCode, String note) {
		return issue(CommandType.STOP, null, null, defectCode, null, note, Objects.requireNonNull(reason, "reason"),
				null, null);
	}

	/**
	 * Pulls the yellow andon: calls for help without stopping. The result's seq is the call's id. {@code partSerial},
	 * {@code defectCode} and {@code note} may be null.
	 */
	public Ticket call(CallType callType, String partSerial, String defectCode, String note) {
		return issue(CommandType.CALL, partSerial, null, defectCode, null, note, null, null,
				Objects.requireNonNull(callType, "callType"));
	}

	private Ticket issue(CommandType type, String partSerial, String to, String defectCode, String origin,
			String note, StopReason reason, Resolution resolution, CallType callType) {
		if (closed) {
			throw new IllegalStateException("the station client is closed");
		}
		if (type == CommandType.RECEIVE) {
			required(partSerial, "partSerial");
		}
		String id = settings.ids.get().toString();
		Command command = new Command(id, type, settings.stationId, blankToNull(partSerial), blankToNull(to),
				blankToNull(defectCode), blankToNull(origin), blankToNull(note), reason, resolution, callType);
		CompletableFuture<CommandResult> result = new CompletableFuture<>();
		waiting.put(id, result);
		parsed.put(id, command);
		try {
			outbox.append(id, settings.clock.instant(), JSON.writeValueAsBytes(command));
		}
		catch (IOException ex) {
			waiting.remove(id);
			parsed.remove(id);
			throw new UncheckedIOException("the command could not be written to the outbox in " + stateDir.path()
					+ ", so it was not sent: " + ex.getMessage(), ex);
		}
		scheduler.execute(() -> {
			if (type == CommandType.STOP && link == null) {
				retrySoon();
			}
			flush();
			publish();
		});
		return new Ticket(command, result);
	}

	// Connecting and reconnecting.

	private void connect() {
		if (closed || link != null || linkState == Connection.State.CONNECTING) {
			return;
		}
		cancel(retry);
		early.clear();
		int conn = ++connection;
		lastAttempt = settings.clock.instant();
		nextAttempt = null;
		linkServer = settings.servers.get(serverIndex);
		setLink(Connection.State.CONNECTING, "connecting to " + linkServer);
		// Shown while the attempt lasts: a node that does not answer can take connectWithin to give up on.
		publish();
		CompletableFuture<Link> opening;
		try {
			opening = links.open(linkServer, settings.stationId, settings.token, new Handler(conn));
		}
		catch (RuntimeException ex) {
			failed(conn, ex);
			return;
		}
		Scheduler.Cancellable timeout = scheduler.schedule(() -> {
			if (conn == connection && linkState == Connection.State.CONNECTING) {
				opening.cancel(false);
				failed(conn, new IllegalStateException("no answer within " + settings.connectWithin.toSeconds()
						+ " s"));
			}
		}, settings.connectWithin);
		opening.whenComplete((l, ex) -> scheduler.execute(() -> {
			timeout.cancel();
			if (ex != null) {
				failed(conn, ex);
			}
			else {
				opened(conn, l);
			}
		}));
	}

	private void opened(int conn, Link l) {
		if (closed || conn != connection || linkState != Connection.State.CONNECTING) {
			l.close();
			return;
		}
		link = l;
		boolean syncNow = feed.opened();
		setLink(Connection.State.ONLINE, "connected to " + linkServer);
		flush();
		if (syncNow) {
			sendSync();
		}
		else {
			scheduler.schedule(() -> {
				if (conn == connection && link != null && feed.giveUpWaitingForSnapshot()) {
					sendSync();
				}
			}, settings.answerWithin);
		}
		scheduleProbe(conn);
		List<Runnable> first = new ArrayList<>(early);
		early.clear();
		first.forEach(Runnable::run);
		publish();
	}

	private void failed(int conn, Throwable ex) {
		if (closed || conn != connection || linkState != Connection.State.CONNECTING) {
			return;
		}
		Throwable cause = ex instanceof java.util.concurrent.CompletionException && ex.getCause() != null
				? ex.getCause() : ex;
		failures++;
		if (cause instanceof LinkFactory.SignInRefused refused) {
			setLink(Connection.State.REFUSED, "the server refused station " + settings.stationId + ": "
					+ refused.getMessage());
		}
		else {
			setLink(Connection.State.OFFLINE, "cannot reach " + linkServer + ": " + describe(cause));
		}
		nextServer();
		scheduleRetry();
		publish();
	}

	/** The link broke or stopped answering: drop it and reconnect; unanswered commands go again on the next one. */
	private void lost(int conn, String why) {
		if (conn != connection || link == null) {
			return;
		}
		Link l = link;
		link = null;
		l.close();
		cancel(probe);
		feed.lost();
		failures++;
		setLink(Connection.State.OFFLINE, why);
		nextServer();
		scheduleRetry();
		publish();
	}

	/** Round-robin: after a failed attempt or a lost link the next attempt goes to the next server in the list. */
	private void nextServer() {
		serverIndex = (serverIndex + 1) % settings.servers.size();
	}

	private void scheduleRetry() {
		if (closed) {
			return;
		}
		Duration wait = retryDelay(failures, settings.servers.size(), settings.backoff, settings.random);
		nextAttempt = settings.clock.instant().plus(wait);
		cancel(retry);
		retry = scheduler.schedule(this::connect, wait);
	}

	/**
	 * The wait before the next attempt after {@code failures} failed attempts or lost links in a row, with
	 * {@code servers} servers taken in turn. While some server has not been tried since the last one failed, the
	 * next goes at once: a lost node must not keep its stations waiting. Only a whole round of failures backs off,
	 * exponentially by the number of rounds (with one server: after every failure, as before). The quick hop still
	 * waits a random moment of up to the backoff's first wait, so the stations of a lost node do not all reach the
	 * next one in the same millisecond.
	 */
	static Duration retryDelay(int failures, int servers, Backoff backoff, RandomGenerator random) {
		if (failures % servers != 0) {
			return Duration.ofMillis(random.nextLong(backoff.first().toMillis() + 1));
		}
		return backoff.delay(Math.max(1, failures / servers), random);
	}

	/** A STOP given while offline does not wait out the backoff (but does not hammer the server either). */
	private void retrySoon() {
		if (linkState == Connection.State.CONNECTING || lastAttempt == null) {
			return;
		}
		Duration since = Duration.between(lastAttempt, settings.clock.instant());
		Duration wait = since.compareTo(Duration.ofSeconds(1)) >= 0 ? Duration.ZERO
				: Duration.ofSeconds(1).minus(since);
		Instant at = settings.clock.instant().plus(wait);
		if (nextAttempt == null || at.isBefore(nextAttempt)) {
			cancel(retry);
			nextAttempt = at;
			retry = scheduler.schedule(this::connect, wait);
		}
	}

	private void setLink(Connection.State state, String detail) {
		boolean changed = state != linkState || !detail.equals(linkDetail);
		if (state != linkState) {
			linkSince = settings.clock.instant();
		}
		linkState = state;
		linkDetail = detail;
		if (changed) {
			LOG.log(System.Logger.Level.INFO, "station {0}: {1} ({2})", settings.stationId, state, detail);
			Connection c = new Connection(linkState, linkDetail, linkSince, nextAttempt,
					link != null && feed.caughtUp(), linkServer);
			each(l -> l.onConnectionChanged(c));
		}
	}

	// Sending.

	/** Sends, in outbox order, every command not yet written to the current link. */
	private void flush() {
		if (link == null) {
			return;
		}
		int conn = connection;
		for (Outbox.Entry e : outbox.entries()) {
			if (Integer.valueOf(conn).equals(sentOn.get(e.commandId()))) {
				continue;
			}
			try {
				link.send(COMMANDS, e.body());
			}
			catch (RuntimeException ex) {
				lost(conn, "sending failed: " + describe(ex));
				return;
			}
			sentOn.put(e.commandId(), conn);
			sends.merge(e.commandId(), 1, Integer::sum);
			String id = e.commandId();
			scheduler.schedule(() -> {
				if (conn == connection && link != null && outbox.contains(id)
						&& Integer.valueOf(conn).equals(sentOn.get(id))) {
					lost(conn, "no answer to a command within " + settings.answerWithin.toSeconds() + " s");
				}
			}, settings.answerWithin);
		}
	}

	private void sendSync() {
		if (link == null) {
			return;
		}
		int conn = connection;
		int number = ++syncsSent;
		long since = feed.lastSeq();
		Map<String, Object> body = feed.positioned() ? Map.of("since", since) : Map.of();
		try {
			link.send(SYNC, JSON.writeValueAsBytes(body));
		}
		catch (RuntimeException ex) {
			lost(conn, "sending failed: " + describe(ex));
			return;
		}
		scheduler.schedule(() -> {
			if (conn == connection && link != null && syncAnswered < number) {
				lost(conn, "no answer to a sync within " + settings.answerWithin.toSeconds() + " s");
			}
		}, settings.answerWithin);
	}

	/** The server sends no heart-beats, so an idle link is checked with a sync now and then (it also catches up). */
	private void scheduleProbe(int conn) {
		cancel(probe);
		probe = scheduler.schedule(() -> {
			if (conn == connection && link != null) {
				if (syncAnswered == syncsSent) {
					sendSync();
				}
				scheduleProbe(conn);
			}
		}, settings.probeEvery);
	}

	// Receiving.

	private final class Handler implements LinkHandler {

		private final int conn;

		Handler(int conn) {
			this.conn = conn;
		}

		@Override
		public void onMessage(String destination, byte[] body) {
			scheduler.execute(() -> received(conn, destination, body));
		}

		@Override
		public void onClosed(String why) {
			scheduler.execute(() -> lost(conn, why));
		}
	}

	private void received(int conn, String destination, byte[] body) {
		if (conn != connection) {
			return;
		}
		if (link == null) {
			// The snapshot can overtake the hand-over of the link to this thread; keep it for opened().
			if (linkState == Connection.State.CONNECTING) {
				early.add(() -> received(conn, destination, body));
			}
			return;
		}
		try {
			JsonNode json = JSON.readTree(body);
			switch (destination) {
				case "/user/queue/results" -> result(JSON.treeToValue(json, CommandResult.class));
				case "/user/queue/station" -> feed.push(JSON.treeToValue(json, StationPush.class));
				case "/user/queue/sync" -> {
					syncAnswered = syncsSent;
					boolean wasCatchingUp = !feed.caughtUp();
					feed.sync(json);
					if (wasCatchingUp) {
						// The link held up through a whole catch-up: the next loss starts the backoff afresh.
						failures = 0;
					}
				}
				default -> LOG.log(System.Logger.Level.WARNING, "message on unexpected destination {0}", destination);
			}
		}
		catch (RuntimeException ex) {
			// One message this client cannot read or apply must not stop the ones after it.
			LOG.log(System.Logger.Level.WARNING, "could not handle a message on " + destination, ex);
		}
		storeSeq();
		publish();
	}

	private void result(CommandResult r) {
		String id = r.commandId();
		if (id == null || !outbox.contains(id)) {
			// A repeat answer for a command already finished (or one we never sent): nothing to do.
			return;
		}
		if (r.retryable()) {
			LOG.log(System.Logger.Level.WARNING, "server could not store command {0} ({1}); sending it again", id,
					r.message());
			sentOn.remove(id);
			scheduler.schedule(() -> {
				flush();
				publish();
			}, settings.backoff.first());
			return;
		}
		Outbox.Entry entry = outbox.entries().stream().filter(e -> e.commandId().equals(id)).findFirst()
			.orElseThrow();
		try {
			outbox.remove(id);
		}
		catch (IOException ex) {
			// The result still counts; after a restart the command is sent again and answered as a duplicate.
			LOG.log(System.Logger.Level.ERROR, "could not record the result of " + id + " in the outbox", ex);
		}
		sentOn.remove(id);
		sends.remove(id);
		Command command = command(entry);
		parsed.remove(id);
		feed.board().applyResult(command, r, entry.issuedAt());
		status = picture();
		CompletableFuture<CommandResult> f = waiting.remove(id);
		if (f != null) {
			f.complete(r);
		}
		each(l -> l.onResult(command, r));
	}

	private void storeSeq() {
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

	// The picture for screens.

	private void publish() {
		StationStatus s = picture();
		status = s;
		each(l -> l.onStatus(s));
	}

	private List<QueuedCommand> queuedNow() {
		List<QueuedCommand> queued = new ArrayList<>();
		for (Outbox.Entry e : outbox.entries()) {
			queued.add(new QueuedCommand(command(e), e.issuedAt(), sends.getOrDefault(e.commandId(), 0)));
		}
		return queued;
	}

	private StationStatus picture() {
		List<QueuedCommand> queued = queuedNow();
		Board board = feed.board();
		return new StationStatus(settings.stationId, board.name, board.lineId, board.state, board.since,
				List.copyOf(board.stops.values()), List.copyOf(board.calls.values()),
				List.copyOf(board.customerStops.values()),
				List.copyOf(board.held), List.copyOf(board.incoming), Map.copyOf(nullsOut(board.openDefects)),
				board.defectCodes, board.customers,
				new Connection(linkState, linkDetail, linkSince, nextAttempt, link != null && feed.caughtUp(),
						linkServer),
				List.copyOf(queued), feed.lastSeq());
	}

	private static Map<String, String> nullsOut(Map<String, String> m) {
		Map<String, String> copy = new LinkedHashMap<>();
		m.forEach((k, v) -> copy.put(k, v == null ? "?" : v));
		return copy;
	}

	private Command command(Outbox.Entry e) {
		return parsed.computeIfAbsent(e.commandId(), id -> JSON.readValue(e.body(), Command.class));
	}

	private void each(Consumer<StationListener> call) {
		for (StationListener l : listeners) {
			try {
				call.accept(l);
			}
			catch (RuntimeException ex) {
				LOG.log(System.Logger.Level.WARNING, "a station listener failed", ex);
			}
		}
	}

	/**
	 * Closes the link and the state folder. Commands still waiting stay in the outbox and are sent the next time a
	 * client starts on the same state folder.
	 */
	@Override
	public void close() {
		if (closed) {
			return;
		}
		closed = true;
		CountDownLatch done = new CountDownLatch(1);
		scheduler.execute(() -> {
			try {
				cancel(retry);
				cancel(probe);
				if (link != null) {
					link.close();
					link = null;
				}
				nextAttempt = null;
				setLink(Connection.State.CLOSED, "closed");
				publish();
			}
			finally {
				done.countDown();
			}
		});
		if (settings.scheduler == null) {
			// Our own thread: wait (briefly) for the link to close before the state folder is let go.
			try {
				done.await(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			scheduler.shutdown();
		}
		if (settings.links == null) {
			links.close();
		}
		waiting.forEach((id, f) -> f.completeExceptionally(new IllegalStateException(
				"the client closed before the server answered; the command stays in the outbox")));
		try {
			outbox.close();
		}
		catch (IOException ex) {
			LOG.log(System.Logger.Level.WARNING, "closing the outbox", ex);
		}
		try {
			stateDir.close();
		}
		catch (IOException ex) {
			LOG.log(System.Logger.Level.WARNING, "unlocking the state folder", ex);
		}
	}

	private static void cancel(Scheduler.Cancellable c) {
		if (c != null) {
			c.cancel();
		}
	}

	private static String required(String value, String name) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(name + " is required");
		}
		return value.trim();
	}

	private static String blankToNull(String s) {
		return s == null || s.isBlank() ? null : s.trim();
	}

	/** The deepest cause's message: "Connection refused" says more to a worker than a wrapper's text. */
	private static String describe(Throwable ex) {
		String message = null;
		for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t.getMessage() != null && !t.getMessage().isBlank()) {
				message = t.getMessage();
			}
		}
		return message != null ? message : ex.getClass().getSimpleName();
	}

	/** How to reach the server and where to keep state; clock, randomness, scheduler and link are injectable. */
	public static final class Builder {

		private List<URI> servers = List.of(URI.create("ws://127.0.0.1:8080/ws"));
		private String stationId;
		private String token;
		private Path stateDir;
		private Clock clock = Clock.systemUTC();
		private RandomGenerator random = new java.util.Random();
		private Scheduler scheduler;
		private LinkFactory links;
		private Supplier<UUID> ids = UUID::randomUUID;
		private Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10));
		private Duration probeEvery = Duration.ofSeconds(10);
		private Duration answerWithin = Duration.ofSeconds(15);
		private Duration connectWithin = Duration.ofSeconds(10);
		private long compactAbove = 64 * 1024;

		public Builder server(URI server) {
			return servers(List.of(server));
		}

		/**
		 * Nodes of one line server (sharing its database), tried in this order: the client starts with the first,
		 * and moves to the next when an attempt fails or the link is lost.
		 */
		public Builder servers(List<URI> servers) {
			if (servers.isEmpty()) {
				throw new IllegalArgumentException("give at least one server");
			}
			this.servers = List.copyOf(servers);
			return this;
		}

		public Builder station(String stationId, String token) {
			this.stationId = stationId;
			this.token = token;
			return this;
		}

		/** The state folder (outbox, last seen seq); one client at a time may use it. */
		public Builder stateDir(Path stateDir) {
			this.stateDir = stateDir;
			return this;
		}

		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		public Builder random(RandomGenerator random) {
			this.random = random;
			return this;
		}

		/** Where the client does its work; the client shuts down only a scheduler it made itself. */
		public Builder scheduler(Scheduler scheduler) {
			this.scheduler = scheduler;
			return this;
		}

		public Builder links(LinkFactory links) {
			this.links = links;
			return this;
		}

		public Builder commandIds(Supplier<UUID> ids) {
			this.ids = ids;
			return this;
		}

		public Builder backoff(Backoff backoff) {
			this.backoff = backoff;
			return this;
		}

		/** How often an idle link is checked with a sync, and how long an answer may take before it counts as dead. */
		public Builder probe(Duration every, Duration answerWithin) {
			this.probeEvery = every;
			this.answerWithin = answerWithin;
			return this;
		}

		public Builder connectWithin(Duration connectWithin) {
			this.connectWithin = connectWithin;
			return this;
		}

		/** Compact the outbox file once finished commands take more than this many bytes (and outweigh live ones). */
		public Builder compactAbove(long bytes) {
			this.compactAbove = bytes;
			return this;
		}

		/** Locks the state folder and replays its outbox; call {@link StationClient#start()} to connect. */
		public StationClient build() throws IOException {
			required(stationId, "station");
			Objects.requireNonNull(token, "token");
			Path dir = stateDir != null ? stateDir : Path.of("station-state", stationId);
			Settings s = new Settings(servers, stationId, token, clock, random, scheduler, links, ids, backoff,
					probeEvery, answerWithin, connectWithin);
			StateDir locked = StateDir.lock(dir);
			try {
				return new StationClient(s, locked, Outbox.open(dir, compactAbove), LastSeenSeq.open(dir));
			}
			catch (IOException | RuntimeException ex) {
				locked.close();
				throw ex;
			}
		}
	}

	private record Settings(List<URI> servers, String stationId, String token, Clock clock, RandomGenerator random,
			Scheduler scheduler, LinkFactory links, Supplier<UUID> ids, Backoff backoff, Duration probeEvery,
			Duration answerWithin, Duration connectWithin) {
	}
}
