package org.andon.ops.sim;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

import org.andon.station.CommandResult;
import org.andon.station.Resolution;
import org.andon.station.StationClient;
import org.andon.station.StationListener;
import org.andon.station.StationPush;
import org.andon.station.StationState;
import org.andon.station.Stop;
import org.andon.station.StopReason;
import org.andon.station.Ticket;
import org.andon.station.link.ExecutorScheduler;
import org.andon.station.link.StompLinkFactory;

import org.springframework.web.socket.messaging.WebSocketStompClient;
import org.andon.testsupport.StationSession;
import org.andon.testsupport.StompClients;

/**
 * The simulated shop floor: one station client per station, a shift lead and the boards, and the rules that move
 * parts. Each tick either pulls the andon at a random running station (with the stop probability; one open stop per
 * line at a time, resumed by the lead after the hold time) or makes one hand-off: the next station in turn that holds
 * a part passes it on (an entry station first receives a new one), the customer accepts it when the PART_INCOMING
 * push arrives or, with the reject probability, rejects it, and the supplier reworks a rejected part and passes it
 * again later. The last station's pass takes the part off the line.
 */
final class Floor implements SimFloor {

	private static final System.Logger LOG = System.getLogger(Floor.class.getName());

	private final Plant plant;
	private final URI server;
	private final Path stateRoot;
	private final double rejectProbability;
	private final double stopProbability;
	private final Duration stopHold;
	private final Duration probeEvery;
	private final WireClock links = new WireClock(new StompLinkFactory());
	private final List<ExecutorScheduler> sharedThreads = new ArrayList<>();
	private final SimStation[] stations;
	private final SimStation[] turns;
	private int turn;
	private final AtomicReferenceArray<StopRecord> openStops;
	private final Map<Long, StopRecord> byStopId = new ConcurrentHashMap<>();
	private final Map<String, StopRecord> byCommandId = new ConcurrentHashMap<>();
	private final ScheduledExecutorService lead = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread t = new Thread(r, "sim-lead");
		t.setDaemon(true);
		return t;
	});
	private final AtomicLong inFlight = new AtomicLong();
	private final AtomicLong serials = new AtomicLong();
	/** Serials are never received twice on a line, so each run numbers its parts under its own prefix. */
	private final String run = Long.toString(System.currentTimeMillis(), 36).toUpperCase(java.util.Locale.ROOT);
	private final WebSocketStompClient personClient = StompClients.small();
	private StationSession leadSession;
	private final List<StationSession> boards = new ArrayList<>();
	private volatile Phase phase = new Phase(0, false);

	Floor(Plant plant, URI server, Path stateRoot, double rejectProbability, double stopProbability,
			Duration stopHold, Duration probeEvery) {
		this.plant = plant;
		this.probeEvery = probeEvery;
		this.server = server;
		this.stateRoot = stateRoot;
		this.rejectProbability = rejectProbability;
		this.stopProbability = stopProbability;
		this.stopHold = stopHold;
		this.stations = new SimStation[plant.stations()];
		this.turns = new SimStation[plant.stations()];
		this.openStops = new AtomicReferenceArray<>(plant.lines());
	}

	/**
	 * Connects every station (in batches, each waiting until its stations are online and caught up), then the lead
	 * and the boards. {@code clientThreads} 0 gives each station client its own thread, as on a real floor.
	 */
	public void connect(int clientThreads, Duration timeout, java.util.function.BooleanSupplier serverAlive) throws Exception {
		for (int i = 0; i < clientThreads; i++) {
			sharedThreads.add(new ExecutorScheduler("stations-" + i));
		}
		int n = plant.stationsPerLine();
		for (int l = 0; l < plant.lines(); l++) {
			for (int s = 0; s < n; s++) {
				String id = plant.stationId(l, s);
				StationClient.Builder b = StationClient.builder().server(server).station(id, Plant.token(id))
					.stateDir(stateRoot.resolve(id)).links(links);
				if (probeEvery != null) {
					b.probe(probeEvery, Duration.ofSeconds(15));
				}
				if (!sharedThreads.isEmpty()) {
					b.scheduler(sharedThreads.get((l * n + s) % sharedThreads.size()));
				}
				SimStation station = new SimStation(b.build(), l, s);
				stations[l * n + s] = station;
				// turns go down the lines position by position, so every line gets its share of each round
				turns[s * plant.lines() + l] = station;
			}
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		for (int from = 0; from < stations.length; from += 100) {
			List<SimStation> batch = List.of(stations).subList(from, Math.min(stations.length, from + 100));
			batch.forEach(s -> s.client.start());
			while (!batch.stream().allMatch(SimStation::ready)) {
				if (!serverAlive.getAsBoolean()) {
					throw new IllegalStateException("the line server is gone");
				}
				if (System.nanoTime() > deadline) {
					SimStation late = batch.stream().filter(s -> !s.ready()).findFirst().orElseThrow();
					throw new IllegalStateException("station " + late.id + " is not online after " + timeout.toSeconds()
							+ " s: " + late.client.status().connection().detail());
				}
				Thread.sleep(20);
			}
		}
		leadSession = StationSession.signIn(server, Plant.LEAD, Plant.PASSWORD).client(personClient).withoutHeartbeats()
			.line(plant.lineId(0)).withoutLineTopic().onPage(page -> {
			}).connect();
		for (int b = 0; b < plant.boards(); b++) {
			boards.add(StationSession.signIn(server, plant.board(b), Plant.PASSWORD).client(personClient)
				.withoutHeartbeats().line(plant.lineId(plant.lineOfBoard(b))).onLineEvent(this::boardEntry)
				.onPage(page -> {
				}).connect());
		}
	}

	public int readyStations() {
		int n = 0;
		for (SimStation s : stations) {
			if (s != null && s.ready()) {
				n++;
			}
		}
		return n;
	}

	public int sessions() {
		return stations.length + boards.size() + (leadSession == null ? 0 : 1);
	}

	/** From now on commands, stops and answers are counted in {@code next}. */
	public void enter(Phase next) {
		phase = next;
	}

	/** One event: a stop (with the stop probability, where a line has none open) or one hand-off. */
	public void tick(SplittableRandom random) {
		Phase p = phase;
		if (stopProbability > 0 && random.nextDouble() < stopProbability && stop(random, p)) {
			return;
		}
		for (int k = 0; k < turns.length; k++) {
			SimStation s = turns[turn];
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
			SimStation at = stations[line * plant.stationsPerLine() + random.nextInt(plant.stationsPerLine() - 1)];
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
			// the worker who pulled the cord passes nothing more (the STATE push that follows says the same)
			at.state = StationState.STOPPED;
			r.sent = System.nanoTime();
			Ticket t = issue(p, () -> at.client.stop(StopReason.QUALITY, null, "simulated stop"), result -> {
				if (result.accepted()) {
					r.stopId = result.seq();
					byStopId.put(result.seq(), r);
					lead.schedule(() -> resume(r), stopHold.toNanos(), TimeUnit.NANOSECONDS);
				}
				else {
					openStops.compareAndSet(line, r, null);
				}
			});
			if (t != null) {
				byCommandId.put(t.commandId(), r);
			}
			return true;
		}
		return false;
	}

	private void resume(StopRecord r) {
		inFlight.incrementAndGet();
		leadSession.commandAsync(Map.of("type", "RESUME", "stopId", r.stopId, "note", "simulated resume"))
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
			StopRecord r = byCommandId.get(entry.path("commandId").asString(""));
			if (r != null && r.phase.measured) {
				r.phase.boardStops.add(now - r.sent);
			}
		}
	}

	/**
	 * Gives a command to a station client and counts its answer in {@code p}. The time runs from just before the
	 * client is called (it writes the command to its outbox first) to the result reaching the station's thread.
	 */
	private Ticket issue(Phase p, Supplier<Ticket> command, Consumer<CommandResult> then) {
		long sent = System.nanoTime();
		Ticket t;
		try {
			t = command.get();
		}
		catch (RuntimeException ex) {
			LOG.log(System.Logger.Level.WARNING, "a station client refused a command", ex);
			return null;
		}
		p.sent.increment();
		inFlight.incrementAndGet();
		t.result().whenComplete((r, ex) -> {
			long now = System.nanoTime();
			inFlight.decrementAndGet();
			if (ex != null) {
				p.unanswered.increment();
				return;
			}
			if (p.measured) {
				p.acks.add(now - sent);
			}
			if (r.accepted()) {
				p.accepted.increment();
			}
			else {
				p.rejected.increment();
				p.refused(r.code());
			}
			try {
				then.accept(r);
			}
			catch (RuntimeException failed) {
				LOG.log(System.Logger.Level.WARNING, "the simulator failed on a result", failed);
			}
		});
		return t;
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

	/** HALTs that never came for the accepted stops of {@code p}. */
	static long missingHalts(Phase p) {
		synchronized (p.stops) {
			return p.stops.stream().filter(r -> r.stopId > 0).mapToLong(StopRecord::missing).sum();
		}
	}

	@Override
	public void close() {
		for (SimStation s : stations) {
			if (s != null) {
				s.client.close();
			}
		}
		boards.forEach(StationSession::close);
		if (leadSession != null) {
			leadSession.close();
		}
		personClient.stop();
		links.close();
		sharedThreads.forEach(ExecutorScheduler::shutdown);
		lead.shutdownNow();
		try (Stream<Path> files = Files.walk(stateRoot)) {
			files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
		}
		catch (IOException ex) {
			LOG.log(System.Logger.Level.WARNING, "could not delete " + stateRoot, ex);
		}
	}

	/** One stop pulled by the simulator: when it was sent, and when each station downstream heard its HALT. */
	static final class StopRecord {

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
	}

	/** One station: its client, what it holds, and how its worker answers what the server pushes. */
	private final class SimStation implements StationListener {

		final StationClient client;
		final String id;
		final int line;
		final int position;
		final boolean entry;
		final ConcurrentLinkedDeque<String> ready = new ConcurrentLinkedDeque<>();
		volatile StationState state = StationState.UNKNOWN;

		SimStation(StationClient client, int line, int position) {
			this.client = client;
			this.id = client.stationId();
			this.line = line;
			this.position = position;
			this.entry = position == 0;
			client.addListener(this);
		}

		boolean ready() {
			return client.status().connection().online() && client.status().connection().caughtUp()
					&& state != StationState.UNKNOWN;
		}

		boolean working() {
			return state == StationState.RUNNING || state == StationState.CALLING;
		}

		/** This station's turn: pass a part it holds (an entry station receives one first); false if it cannot. */
		boolean passNext(Phase p) {
			if (!working()) {
				return false;
			}
			String serial = ready.poll();
			if (serial != null) {
				pass(p, serial);
				return true;
			}
			if (!entry) {
				return false;
			}
			String fresh = String.format(java.util.Locale.ROOT, "%s-%s-%07d", plant.lineId(line), run,
					serials.incrementAndGet());
			issue(p, () -> client.receive(fresh), r -> {
				if (r.accepted()) {
					pass(p, fresh);
				}
			});
			return true;
		}

		private void pass(Phase p, String serial) {
			issue(p, () -> client.pass(serial, null), r -> {
				if (!r.accepted()) {
					ready.addFirst(serial);
				}
				else if (position + 1 == plant.stationsPerLine()) {
					p.completed.increment();
				}
				else {
					p.handOffs.increment();
				}
			});
		}

		@Override
		public void onStateChanged(StationState from, StationState to, StationPush push) {
			state = to;
		}

		@Override
		public void onPartIncoming(String partSerial, String from, StationPush push) {
			Phase p = phase;
			if (rejectProbability > 0 && ThreadLocalRandom.current().nextDouble() < rejectProbability) {
				issue(p, () -> client.reject(partSerial, Plant.DEFECT, null, "simulated reject"), r -> {
				});
			}
			else {
				issue(p, () -> client.accept(partSerial), r -> {
					if (r.accepted()) {
						ready.add(partSerial);
					}
				});
			}
		}

		@Override
		public void onPartRejected(String partSerial, String defectCode, String note, StationPush push) {
			issue(phase, () -> client.clearDefect(partSerial, Resolution.REWORKED, "simulated rework"), r -> {
				if (r.accepted()) {
					ready.add(partSerial);
				}
			});
		}

		@Override
		public void onHalt(Stop stop, StationPush push) {
			long now = System.nanoTime();
			Long wire = links.haltAt(id, stop.stopId());
			StopRecord r = byStopId.get(stop.stopId());
			if (r == null) {
				StopRecord open = openStops.get(line);
				r = open != null && open.station.equals(stop.stoppedStation()) ? open : null;
			}
			if (r == null) {
				phase.unexpectedHalts.increment();
				return;
			}
			r.halted(id, now, wire);
		}
	}
}
