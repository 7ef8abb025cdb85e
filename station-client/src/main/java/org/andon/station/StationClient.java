package org.andon.station;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import tools.jackson.databind.json.JsonMapper;

import org.andon.station.link.Backoff;
import org.andon.station.link.LinkFactory;
import org.andon.station.link.Scheduler;
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
 * <p>All state changes run on one scheduler thread; the public methods may be called from any thread. This class is
 * the public face; the work is done by {@link LinkKeeper} (connection and failover), {@link OutboxReplay},
 * {@link CatchUp} and {@link Listeners}, put together by {@link StationCore}.
 */
public final class StationClient implements AutoCloseable {

	/** Lenient on what it reads: a field a newer server adds is ignored, a flag an older one leaves out is false. */
	static final JsonMapper JSON = JsonMapper.builder()
		.disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

	private final ClientSettings settings;
	private final StationCore core;

	private StationClient(ClientSettings settings, StationCore core) {
		this.settings = settings;
		this.core = core;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** Starts connecting; commands recovered from the outbox are sent as soon as the link is up. */
	public StationClient start() {
		core.start();
		return this;
	}

	public void addListener(StationListener listener) {
		core.addListener(listener);
	}

	public String stationId() {
		return settings.stationId();
	}

	public Path stateDir() {
		return core.stateDir().path();
	}

	/** The servers this client tries, in order; {@code status().connection().server()} says which one it is on. */
	public List<URI> servers() {
		return settings.servers();
	}

	/** The latest picture of the station (safe to call from any thread). */
	public StationStatus status() {
		return core.status();
	}

	/** Commands given but not yet answered by the server, in order; read from the outbox, so never behind. */
	public List<QueuedCommand> queued() {
		return core.queued();
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
		if (type == CommandType.RECEIVE) {
			required(partSerial, "partSerial");
		}
		String id = settings.ids().get().toString();
		return core.issue(new Command(id, type, settings.stationId(), blankToNull(partSerial), blankToNull(to),
				blankToNull(defectCode), blankToNull(origin), blankToNull(note), reason, resolution, callType));
	}

	/**
	 * Closes the link and the state folder. Commands still waiting stay in the outbox and are sent the next time a
	 * client starts on the same state folder.
	 */
	@Override
	public void close() {
		core.close();
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
			ClientSettings s = new ClientSettings(servers, stationId, token, clock, random, scheduler, links, ids,
					backoff, probeEvery, answerWithin, connectWithin);
			StateDir locked = StateDir.lock(dir);
			try {
				return new StationClient(s, new StationCore(s, locked, Outbox.open(dir, compactAbove), LastSeenSeq.open(dir)));
			}
			catch (IOException | RuntimeException ex) {
				locked.close();
				throw ex;
			}
		}
	}
}
