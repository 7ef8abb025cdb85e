package org.andon.ops.sim;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;

import tools.jackson.databind.JsonNode;

import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * The shop floor of {@link Floor} with light stations ({@code --client light}): each station speaks the documented
 * protocol (docs/protocol.md) itself over one WebSocket of the JDK's HTTP client, and all stations share that
 * client's selector thread and a few worker threads. There is no outbox, no state folder, no catch-up and no link
 * probe: a command is one pre-built SEND frame with a fresh commandId, answered by its result, and a push is read for
 * the few fields the traffic needs. The traffic, the lead, the boards and what is counted where are Floor's, so the
 * report means the same in both modes; only the station's own cost on the machine is lower.
 */
final class LightFloor implements SimFloor {

	private static final System.Logger LOG = System.getLogger(LightFloor.class.getName());
	static final String SEND_COMMAND = "SEND\ndestination:/app/commands\ncontent-type:application/json\n\n";
	static final int RESULTS = 0;
	static final int STATION = 1;
	static final int SYNC = 2;

	private final Plant plant;
	private final URI server;
	private final double rejectProbability;
	private final double stopProbability;
	private final Duration stopHold;
	private ExecutorService workers;
	private HttpClient http;
	private final LightStation[] stations;
	private final LightStation[] turns;
	private int turn;
	private final AtomicReferenceArray<Floor.StopRecord> openStops;
	private final Map<Long, Floor.StopRecord> byStopId = new ConcurrentHashMap<>();
	private final Map<String, Floor.StopRecord> byCommandId = new ConcurrentHashMap<>();
	private final ScheduledExecutorService lead = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread t = new Thread(r, "sim-lead");
		t.setDaemon(true);
		return t;
	});
	private final AtomicLong inFlight = new AtomicLong();
	private final AtomicLong serials = new AtomicLong();
	private final String run = Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);
	private final WebSocketStompClient personClient = PersonSession.client();
	private PersonSession leadSession;
	private final List<PersonSession> boards = new ArrayList<>();
	private volatile Phase phase = new Phase(0, false);

	LightFloor(Plant plant, URI server, double rejectProbability, double stopProbability, Duration stopHold) {
		this.plant = plant;
		this.server = server;
		this.rejectProbability = rejectProbability;
		this.stopProbability = stopProbability;
		this.stopHold = stopHold;
		this.stations = new LightStation[plant.stations()];
		this.turns = new LightStation[plant.stations()];
		this.openStops = new AtomicReferenceArray<>(plant.lines());
	}

	/** {@code clientThreads} worker threads shared by all stations (0: two), beside the HTTP client's selector. */
	@Override
	public void connect(int clientThreads, Duration timeout, BooleanSupplier serverAlive) throws Exception {
		AtomicInteger named = new AtomicInteger();
		workers = Executors.newFixedThreadPool(clientThreads > 0 ? clientThreads : 2, r -> {
			Thread t = new Thread(r, "light-stations-" + named.getAndIncrement());
			t.setDaemon(true);
			return t;
		});
		http = HttpClient.newBuilder().executor(workers).connectTimeout(Duration.ofSeconds(10)).build();
		int n = plant.stationsPerLine();
		for (int l = 0; l < plant.lines(); l++) {
			for (int s = 0; s < n; s++) {
				LightStation station = new LightStation(plant.stationId(l, s), l, s);
				stations[l * n + s] = station;
				turns[s * plant.lines() + l] = station;
			}
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		for (int from = 0; from < stations.length; from += 100) {
			List<LightStation> batch = List.of(stations).subList(from, Math.min(stations.length, from + 100));
			batch.forEach(LightStation::open);
			while (!batch.stream().allMatch(LightStation::ready)) {
				if (!serverAlive.getAsBoolean()) {
					throw new IllegalStateException("the line server is gone");
				}
				LightStation failed = batch.stream().filter(s -> s.failure != null).findFirst().orElse(null);
				if (failed != null) {
					throw new IllegalStateException("station " + failed.id + " could not sign in: " + failed.failure);
				}
				if (System.nanoTime() > deadline) {
					LightStation late = batch.stream().filter(s -> !s.ready()).findFirst().orElseThrow();
					throw new IllegalStateException("station " + late.id + " is not online after "
							+ timeout.toSeconds() + " s");
				}
				Thread.sleep(20);
			}
		}
		leadSession = PersonSession.connect(personClient, server, Plant.LEAD, Plant.PASSWORD, plant.lineId(0), null);
		for (int b = 0; b < plant.boards(); b++) {
			boards.add(PersonSession.connect(personClient, server, plant.board(b), Plant.PASSWORD,
					plant.lineId(plant.lineOfBoard(b)), this::boardEntry));
		}
	}

	@Override
	public int readyStations() {
		int n = 0;
		for (LightStation s : stations) {
			if (s != null && s.ready()) {
				n++;
			}
		}
		return n;
	}

	@Override
	public int sessions() {
		return stations.length + boards.size() + (leadSession == null ? 0 : 1);
	}

	@Override
	public void enter(Phase next) {
		phase = next;
	}

	@Override
	public void tick(SplittableRandom random) {
		Phase p = phase;
		if (stopProbability > 0 && random.nextDouble() < stopProbability && stop(random, p)) {
			return;
		}
		for (int k = 0; k < turns.length; k++) {
			LightStation s = turns[turn];
			turn = (turn + 1) % turns.length;
			if (s.passNext(p)) {
				return;
			}
		}
		p.idleTicks.increment();
	}

	private boolean stop(SplittableRandom random, Phase p) {
		int first = random.nextInt(plant.lines());
		for (int k = 0; k < plant.lines(); k++) {
			int line = (first + k) % plant.lines();
			if (openStops.get(line) != null) {
				continue;
			}
			LightStation at = stations[line * plant.stationsPerLine() + random.nextInt(plant.stationsPerLine() - 1)];
			if (!at.working()) {
				continue;
			}
			Set<String> downstream = new LinkedHashSet<>();
			for (int s = at.position + 1; s < plant.stationsPerLine(); s++) {
				downstream.add(plant.stationId(line, s));
			}
			Floor.StopRecord r = new Floor.StopRecord(p, line, at.id, downstream);
			if (!openStops.compareAndSet(line, null, r)) {
				continue;
			}
			p.stops.add(r);
			at.state = "STOPPED";
			r.sent = System.nanoTime();
			String commandId = commandId();
			byCommandId.put(commandId, r);
			at.command(p, commandId, Kind.STOP, null, r, "\"type\":\"STOP\",\"reason\":\"QUALITY\","
					+ "\"note\":\"simulated stop\"", r.sent);
			return true;
		}
		return false;
	}

	private void resume(Floor.StopRecord r) {
		inFlight.incrementAndGet();
		leadSession.command(Map.of("type", "RESUME", "stopId", r.stopId, "note", "simulated resume"))
			.orTimeout(30, TimeUnit.SECONDS).whenComplete((result, ex) -> {
				inFlight.decrementAndGet();
				if (ex != null || !"ACCEPTED".equals(result.path("status").asString(""))) {
					r.phase.resumeFailures.increment();
				}
				openStops.compareAndSet(r.line, r, null);
			});
	}

	private void boardEntry(JsonNode entry) {
		long now = System.nanoTime();
		phase.boardEntries.increment();
		if ("STOP_STARTED".equals(entry.path("type").asString(""))) {
			Floor.StopRecord r = byCommandId.get(entry.path("commandId").asString(""));
			if (r != null && r.phase.measured) {
				r.phase.boardStops.add(now - r.sent);
			}
		}
	}

	@Override
	public long inFlight() {
		return inFlight.get();
	}

	@Override
	public boolean drain(Duration limit) throws InterruptedException {
		long deadline = System.nanoTime() + limit.toNanos();
		while (System.nanoTime() < deadline) {
			if (inFlight.get() == 0 && byStopId.values().stream().allMatch(r -> r.missing() == 0)) {
				return true;
			}
			Thread.sleep(20);
		}
		return false;
	}

	@Override
	public void close() {
		for (LightStation s : stations) {
			if (s != null) {
				s.close();
			}
		}
		boards.forEach(PersonSession::close);
		if (leadSession != null) {
			leadSession.close();
		}
		personClient.stop();
		lead.shutdownNow();
		if (workers != null) {
			workers.shutdownNow();
		}
	}

	/** A lower-case random UUID without SecureRandom: unique enough for a run, and cheap at thousands a second. */
	static String commandId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long high = (random.nextLong() & ~0xF000L) | 0x4000L;
		long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(high, low).toString();
	}

	/** What a command was for, so its result can move the part on. */
	enum Kind {
		RECEIVE, PASS, ACCEPT, REJECT, CLEAR_DEFECT, STOP
	}

	/** A command sent and not yet answered. */
	private record Pending(Phase phase, long sentNanos, Kind kind, String serial, Floor.StopRecord stop) {
	}

	/** One station: its WebSocket, its unanswered commands, what it holds, and how its worker answers pushes. */
	private final class LightStation implements WebSocket.Listener {

		final String id;
		final int line;
		final int position;
		final boolean entry;
		final String stationField;
		final ConcurrentLinkedDeque<String> ready = new ConcurrentLinkedDeque<>();
		final Map<String, Pending> pending = new ConcurrentHashMap<>();
		volatile String state;
		volatile String failure;
		private volatile WebSocket socket;
		private final ArrayDeque<String> outbound = new ArrayDeque<>();
		private boolean sending;
		private final StringBuilder partial = new StringBuilder();

		LightStation(String id, int line, int position) {
			this.id = id;
			this.line = line;
			this.position = position;
			this.entry = position == 0;
			this.stationField = ",\"stationId\":\"" + id + "\"";
		}

		void open() {
			http.newWebSocketBuilder().subprotocols("v12.stomp").connectTimeout(Duration.ofSeconds(30))
				.buildAsync(server, this).whenComplete((ws, ex) -> {
					if (ex != null) {
						failure = ex.toString();
						return;
					}
					socket = ws;
					send("CONNECT\naccept-version:1.2\nhost:" + server.getHost() + "\nlogin:" + id + "\npasscode:"
							+ Plant.token(id) + "\nheart-beat:0,0\n\n\0");
				});
		}

		/** Signed in, subscribed, and told its state by the snapshot that answers the subscription. */
		boolean ready() {
			return state != null;
		}

		boolean working() {
			return "RUNNING".equals(state) || "CALLING".equals(state);
		}

		boolean passNext(Phase p) {
			if (!working()) {
				return false;
			}
			String serial = ready.poll();
			if (serial != null) {
				part(p, Kind.PASS, serial, "");
				return true;
			}
			if (!entry) {
				return false;
			}
			String fresh = String.format(Locale.ROOT, "%s-%s-%07d", plant.lineId(line), run, serials.incrementAndGet());
			part(p, Kind.RECEIVE, fresh, "");
			return true;
		}

		private void part(Phase p, Kind kind, String serial, String more) {
			long sent = System.nanoTime();
			command(p, commandId(), kind, serial, null, "\"type\":\"" + kind.name() + "\",\"partSerial\":\"" + serial
					+ "\"" + more, sent);
		}

		/** Sends one command: the pre-built frame head, then the body with its commandId and this station's id. */
		void command(Phase p, String commandId, Kind kind, String serial, Floor.StopRecord stop, String fields,
				long sent) {
			pending.put(commandId, new Pending(p, sent, kind, serial, stop));
			p.sent.increment();
			inFlight.incrementAndGet();
			send(SEND_COMMAND + "{\"commandId\":\"" + commandId + "\"" + stationField + "," + fields + "}\0");
		}

		/** One frame in flight per socket (the JDK's WebSocket allows no more); the rest wait here in order. */
		private void send(String frame) {
			synchronized (this) {
				if (sending) {
					outbound.add(frame);
					return;
				}
				sending = true;
			}
			write(frame);
		}

		private void write(String frame) {
			String next = frame;
			while (next != null) {
				CompletableFuture<WebSocket> written = socket.sendText(next, true);
				if (!written.isDone()) {
					written.whenComplete((ws, ex) -> {
						if (ex != null) {
							lost("could not send: " + ex);
						}
						String after = nextFrame();
						if (after != null) {
							write(after);
						}
					});
					return;
				}
				if (written.isCompletedExceptionally()) {
					lost("could not send");
				}
				next = nextFrame();
			}
		}

		private synchronized String nextFrame() {
			String next = outbound.poll();
			if (next == null) {
				sending = false;
			}
			return next;
		}

		@Override
		public void onOpen(WebSocket webSocket) {
			webSocket.request(1);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			if (!last) {
				partial.append(data);
			}
			else if (partial.length() > 0) {
				partial.append(data);
				String whole = partial.toString();
				partial.setLength(0);
				frames(whole);
			}
			else {
				frames(data.toString());
			}
			webSocket.request(1);
			return null;
		}

		/** A WebSocket message may carry several STOMP frames, each ended by a NUL; EOLs between them are heart-beats. */
		private void frames(String message) {
			int at = 0;
			while (at < message.length()) {
				while (at < message.length() && (message.charAt(at) == '\n' || message.charAt(at) == '\r')) {
					at++;
				}
				if (at >= message.length()) {
					return;
				}
				int end = message.indexOf('\0', at);
				if (end < 0) {
					end = message.length();
				}
				try {
					frame(message, at, end);
				}
				catch (RuntimeException failed) {
					LOG.log(System.Logger.Level.WARNING, "station " + id + " could not handle a frame", failed);
				}
				at = end + 1;
			}
		}

		private void frame(String m, int from, int end) {
			int eol = m.indexOf('\n', from);
			String command = m.substring(from, eol < 0 ? end : eol);
			int bodyAt = m.indexOf("\n\n", from);
			bodyAt = bodyAt < 0 || bodyAt > end ? end : bodyAt + 2;
			switch (command) {
				case "MESSAGE" -> {
					String subscription = header(m, from, bodyAt, "subscription");
					String body = m.substring(bodyAt, end);
					if (String.valueOf(RESULTS).equals(subscription)) {
						result(body);
					}
					else if (String.valueOf(STATION).equals(subscription)) {
						push(body);
					}
				}
				case "CONNECTED" -> {
					// subscribe before anything is sent (protocol §2); the station queue answers with a STATE snapshot
					send("SUBSCRIBE\nid:" + RESULTS + "\ndestination:/user/queue/results\n\n\0");
					send("SUBSCRIBE\nid:" + STATION + "\ndestination:/user/queue/station\n\n\0");
					send("SUBSCRIBE\nid:" + SYNC + "\ndestination:/user/queue/sync\n\n\0");
				}
				case "ERROR" -> {
					String message = header(m, from, bodyAt, "message");
					failure = "ERROR frame: " + message;
					lost("the server sent an ERROR frame: " + message);
				}
				default -> {
					// RECEIPT and anything newer: not needed here
				}
			}
		}

		private void result(String body) {
			long now = System.nanoTime();
			String commandId = LeanJson.string(body, "commandId");
			Pending c = commandId == null ? null : pending.remove(commandId);
			if (c == null) {
				return;
			}
			inFlight.decrementAndGet();
			Phase p = c.phase();
			if (p.measured) {
				p.acks.add(now - c.sentNanos());
			}
			boolean accepted = "ACCEPTED".equals(LeanJson.string(body, "status"));
			if (accepted) {
				p.accepted.increment();
			}
			else {
				p.rejected.increment();
				p.refused(LeanJson.string(body, "code"));
			}
			switch (c.kind()) {
				case RECEIVE -> {
					if (accepted) {
						part(p, Kind.PASS, c.serial(), "");
					}
				}
				case PASS -> {
					if (!accepted) {
						ready.addFirst(c.serial());
					}
					else if (position + 1 == plant.stationsPerLine()) {
						p.completed.increment();
					}
					else {
						p.handOffs.increment();
					}
				}
				case ACCEPT, CLEAR_DEFECT -> {
					if (accepted) {
						ready.add(c.serial());
					}
				}
				case REJECT -> {
				}
				case STOP -> {
					Floor.StopRecord r = c.stop();
					if (accepted) {
						r.stopId = LeanJson.number(body, "seq", -1);
						byStopId.put(r.stopId, r);
						lead.schedule(() -> resume(r), stopHold.toNanos(), TimeUnit.NANOSECONDS);
					}
					else {
						openStops.compareAndSet(line, r, null);
					}
				}
			}
		}

		private void push(String body) {
			long now = System.nanoTime();
			String type = LeanJson.string(body, "type");
			if (type == null) {
				return;
			}
			switch (type) {
				case "PART_INCOMING" -> {
					String serial = LeanJson.string(body, "partSerial");
					Phase p = phase;
					if (rejectProbability > 0 && ThreadLocalRandom.current().nextDouble() < rejectProbability) {
						part(p, Kind.REJECT, serial, ",\"defectCode\":\"" + Plant.DEFECT
								+ "\",\"note\":\"simulated reject\"");
					}
					else {
						part(p, Kind.ACCEPT, serial, "");
					}
				}
				case "PART_REJECTED" -> part(phase, Kind.CLEAR_DEFECT, LeanJson.string(body, "partSerial"),
						",\"resolution\":\"REWORKED\",\"note\":\"simulated rework\"");
				case "HALT" -> halt(LeanJson.number(body, "stopId", -1), LeanJson.string(body, "stoppedStation"), now);
				case "STATE" -> {
					// rare (subscribe time and stops): read whole, a snapshot has "state", a change has "to"
					JsonNode data = PersonSession.JSON.readTree(body).path("data");
					String to = data.has("to") ? data.path("to").asString("") : data.path("state").asString("");
					if (!to.isEmpty()) {
						state = to;
					}
				}
				default -> {
					// RESUME, CUSTOMER_STOPPED, CUSTOMER_RESUMED: the STATE push that comes with them is what counts
				}
			}
		}

		private void halt(long stopId, String stoppedStation, long now) {
			Floor.StopRecord r = byStopId.get(stopId);
			if (r == null) {
				Floor.StopRecord open = openStops.get(line);
				r = open != null && open.station.equals(stoppedStation) ? open : null;
			}
			if (r == null) {
				phase.unexpectedHalts.increment();
				return;
			}
			// no hand-off to another thread here: the frame is handled where it came off the socket
			r.halted(id, now, now);
		}

		private static String header(String m, int from, int to, String name) {
			String key = "\n" + name + ":";
			int at = m.indexOf(key, from);
			if (at < 0 || at >= to) {
				return null;
			}
			int start = at + key.length();
			int eol = m.indexOf('\n', start);
			return m.substring(start, eol < 0 || eol > to ? to : eol);
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			lost("closed by the server: " + statusCode + " " + reason);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			lost("connection lost: " + error);
		}

		/** A light station does not reconnect: what it had sent and not been answered for counts as unanswered. */
		private void lost(String why) {
			if (state == null && failure == null) {
				failure = why;
			}
			for (String commandId : List.copyOf(pending.keySet())) {
				Pending c = pending.remove(commandId);
				if (c != null) {
					inFlight.decrementAndGet();
					c.phase().unanswered.increment();
				}
			}
			if (!closing) {
				LOG.log(System.Logger.Level.WARNING, "station " + id + ": " + why);
			}
		}

		private volatile boolean closing;

		void close() {
			closing = true;
			WebSocket ws = socket;
			if (ws != null) {
				try {
					ws.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(2, TimeUnit.SECONDS)
						.whenComplete((w, ex) -> ws.abort());
				}
				catch (RuntimeException ex) {
					ws.abort();
				}
			}
		}
	}
}
