package org.andon.ops.sim;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;

import tools.jackson.databind.JsonNode;

import org.springframework.web.socket.messaging.WebSocketStompClient;
import org.andon.testsupport.StationSession;
import org.andon.testsupport.StompClients;

/**
 * The shop floor of {@link Floor} with light stations ({@code --client light}): each station speaks the documented
 * protocol (docs/protocol.md) itself over one WebSocket of the JDK's HTTP client, and all stations share that
 * client's selector thread and a few worker threads. There is no outbox, no state folder, no catch-up and no link
 * probe: a command is one pre-built SEND frame with a fresh commandId, answered by its result, and a push is read for
 * the few fields the traffic needs. The boards follow their lines the same light way; the lead, who only resumes
 * stops, keeps Spring's STOMP client. The traffic and what is counted where are Floor's, so the report means the same
 * in both modes; only the simulator's own cost on the machine is lower.
 */
final class LightFloor implements SimFloor {

	static final String SEND_COMMAND = "SEND\ndestination:/app/commands\ncontent-type:application/json\n\n";
	static final String RESULTS = "0";
	static final String STATION = "1";
	static final String SYNC = "2";

	private final Plant plant;
	private final URI server;
	private final double rejectProbability;
	private final double stopProbability;
	private ExecutorService workers;
	private HttpClient http;
	private final LightStation[] stations;
	private final LightStation[] turns;
	private int turn;
	private final AtomicReferenceArray<StopRecord> openStops;
	private final Map<Long, StopRecord> byStopId = new ConcurrentHashMap<>();
	private final Map<String, StopRecord> byCommandId = new ConcurrentHashMap<>();
	private final AtomicLong inFlight = new AtomicLong();
	private final AtomicLong serials = new AtomicLong();
	private final String run = Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);
	private final WebSocketStompClient personClient = StompClients.small();
	private final Lead lead;
	private final List<LightBoard> boards = new ArrayList<>();
	private volatile Phase phase = new Phase(0, false);

	LightFloor(Plant plant, URI server, double rejectProbability, double stopProbability, Duration stopHold) {
		this.plant = plant;
		this.server = server;
		this.rejectProbability = rejectProbability;
		this.stopProbability = stopProbability;
		this.stations = new LightStation[plant.stations()];
		this.turns = new LightStation[plant.stations()];
		this.openStops = new AtomicReferenceArray<>(plant.lines());
		this.lead = new Lead(stopHold, inFlight, openStops);
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
		lead.signIn(personClient, server, plant.lineId(0));
		for (int b = 0; b < plant.boards(); b++) {
			LightBoard board = new LightBoard(plant.board(b), plant.lineId(plant.lineOfBoard(b)));
			boards.add(board);
			board.socket.open(http, server, board.username, Plant.PASSWORD);
		}
		while (!boards.stream().allMatch(b -> b.ready)) {
			LightBoard failed = boards.stream().filter(b -> b.failure != null).findFirst().orElse(null);
			if (failed != null) {
				throw new IllegalStateException("board " + failed.username + " could not sign in: " + failed.failure);
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("not every board is online after " + timeout.toSeconds() + " s");
			}
			Thread.sleep(20);
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
		return stations.length + boards.size() + (lead.signedIn() ? 1 : 0);
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
			StopRecord r = new StopRecord(p, line, at.id, downstream);
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
		boards.forEach(b -> b.socket.close());
		lead.close();
		personClient.stop();
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
	private record Pending(Phase phase, long sentNanos, Kind kind, String serial, StopRecord stop) {
	}

	/** A board: follows its line's topic over a light session, counting entries and timing each STOP's. */
	private final class LightBoard implements StompSocket.Handler {

		final String username;
		final String lineId;
		final StompSocket socket;
		volatile boolean ready;
		volatile String failure;

		LightBoard(String username, String lineId) {
			this.username = username;
			this.lineId = lineId;
			this.socket = new StompSocket("board " + username, this);
		}

		@Override
		public void connected(StompSocket s) {
			s.subscribe("0", "/user/queue/results");
			s.subscribe("1", "/user/queue/pages");
			s.subscribe("2", "/topic/line." + lineId);
			s.subscribe("3", "/user/queue/sync");
			// the sync reply comes after the subscriptions are in place
			s.send("SEND\ndestination:/app/sync\ncontent-type:application/json\n\n{\"lineId\":\"" + lineId + "\"}\0");
		}

		@Override
		public void message(String subscription, String body) {
			if ("2".equals(subscription)) {
				long now = System.nanoTime();
				phase.boardEntries.increment();
				if ("STOP_STARTED".equals(LeanJson.string(body, "type"))) {
					StopRecord r = byCommandId.get(String.valueOf(LeanJson.string(body, "commandId")));
					if (r != null && r.phase.measured) {
						r.phase.boardStops.add(now - r.sent);
					}
				}
			}
			else if ("3".equals(subscription)) {
				ready = true;
			}
		}

		@Override
		public void closed(String why) {
			if (!ready && failure == null) {
				failure = why;
			}
		}
	}

	/** One station: its light session, its unanswered commands, what it holds, and how its worker answers pushes. */
	private final class LightStation implements StompSocket.Handler {

		final String id;
		final int line;
		final int position;
		final boolean entry;
		final String stationField;
		final StompSocket socket;
		final ConcurrentLinkedDeque<String> ready = new ConcurrentLinkedDeque<>();
		final Map<String, Pending> pending = new ConcurrentHashMap<>();
		volatile String state;
		volatile String failure;

		LightStation(String id, int line, int position) {
			this.id = id;
			this.line = line;
			this.position = position;
			this.entry = position == 0;
			this.stationField = ",\"stationId\":\"" + id + "\"";
			this.socket = new StompSocket("station " + id, this);
		}

		void open() {
			socket.open(http, server, id, Plant.token(id));
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
		void command(Phase p, String commandId, Kind kind, String serial, StopRecord stop, String fields,
				long sent) {
			pending.put(commandId, new Pending(p, sent, kind, serial, stop));
			p.sent.increment();
			inFlight.incrementAndGet();
			socket.send(SEND_COMMAND + "{\"commandId\":\"" + commandId + "\"" + stationField + "," + fields + "}\0");
		}

		@Override
		public void connected(StompSocket s) {
			// subscribe before anything is sent (protocol §2); the station queue answers with a STATE snapshot
			s.subscribe(RESULTS, "/user/queue/results");
			s.subscribe(STATION, "/user/queue/station");
			s.subscribe(SYNC, "/user/queue/sync");
		}

		@Override
		public void message(String subscription, String body) {
			if (RESULTS.equals(subscription)) {
				result(body);
			}
			else if (STATION.equals(subscription)) {
				push(body);
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
					StopRecord r = c.stop();
					if (accepted) {
						r.stopId = LeanJson.number(body, "seq", -1);
						byStopId.put(r.stopId, r);
						lead.resumeLater(r);
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
					JsonNode data = StationSession.JSON.readTree(body).path("data");
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
			StopRecord r = byStopId.get(stopId);
			if (r == null) {
				StopRecord open = openStops.get(line);
				r = open != null && open.station.equals(stoppedStation) ? open : null;
			}
			if (r == null) {
				phase.unexpectedHalts.increment();
				return;
			}
			// no hand-off to another thread here: the frame is handled where it came off the socket
			r.halted(id, now, now);
		}

		/** A light station does not reconnect: what it had sent and not been answered for counts as unanswered. */
		@Override
		public void closed(String why) {
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
		}

		void close() {
			socket.close();
		}
	}
}
