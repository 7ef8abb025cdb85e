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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.andon.station.CommandResult;
import org.andon.station.StationClient;
import org.andon.station.StationState;
import org.andon.station.Stop;
import org.andon.station.StopReason;
import org.andon.station.Ticket;
import org.andon.station.link.ExecutorScheduler;
import org.andon.station.link.StompLinkFactory;

import org.springframework.web.socket.messaging.WebSocketStompClient;
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
	private final Duration probeEvery;
	private final WireClock links = new WireClock(new StompLinkFactory());
	private final List<ExecutorScheduler> sharedThreads = new ArrayList<>();
	private final SimStation[] stations;
	private final SimStation[] turns;
	private int turn;
	private final AtomicReferenceArray<StopRecord> openStops;
	private final Map<Long, StopRecord> byStopId = new ConcurrentHashMap<>();
	private final Map<String, StopRecord> byCommandId = new ConcurrentHashMap<>();
	private final AtomicLong inFlight = new AtomicLong();
	private final AtomicLong serials = new AtomicLong();
	/** Serials are never received twice on a line, so each run numbers its parts under its own prefix. */
	private final String run = Long.toString(System.currentTimeMillis(), 36).toUpperCase(java.util.Locale.ROOT);
	private final WebSocketStompClient personClient = StompClients.small();
	private final Lead lead;
	private final Boards boards = new Boards(this::phase, byCommandId);
	private volatile Phase phase = new Phase(0, false);

	Floor(Plant plant, URI server, Path stateRoot, double rejectProbability, double stopProbability,
			Duration stopHold, Duration probeEvery) {
		this.plant = plant;
		this.probeEvery = probeEvery;
		this.server = server;
		this.stateRoot = stateRoot;
		this.rejectProbability = rejectProbability;
		this.stopProbability = stopProbability;
		this.stations = new SimStation[plant.stations()];
		this.turns = new SimStation[plant.stations()];
		this.openStops = new AtomicReferenceArray<>(plant.lines());
		this.lead = new Lead(stopHold, inFlight, openStops);
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
				SimStation station = new SimStation(this, b.build(), l, s);
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
		lead.signIn(personClient, server, plant.lineId(0));
		boards.signIn(personClient, server, plant);
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
		return stations.length + boards.size() + (lead.signedIn() ? 1 : 0);
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
					lead.resumeLater(r);
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

	/**
	 * Gives a command to a station client and counts its answer in {@code p}. The time runs from just before the
	 * client is called (it writes the command to its outbox first) to the result reaching the station's thread.
	 */
	Ticket issue(Phase p, Supplier<Ticket> command, Consumer<CommandResult> then) {
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

	/** Where commands, stops and answers are counted now. */
	Phase phase() {
		return phase;
	}

	Plant plant() {
		return plant;
	}

	/** A serial no run has received before on this line. */
	String freshSerial(int line) {
		return String.format(java.util.Locale.ROOT, "%s-%s-%07d", plant.lineId(line), run, serials.incrementAndGet());
	}

	/** Whether the worker rejects the part now arriving (with the reject probability). */
	boolean rejectsNext() {
		return rejectProbability > 0 && ThreadLocalRandom.current().nextDouble() < rejectProbability;
	}

	/** A HALT reached station {@code at} on {@code line} when its listener heard it at {@code now}. */
	void halted(String at, int line, Stop stop, long now) {
		Long wire = links.haltAt(at, stop.stopId());
		StopRecord r = byStopId.get(stop.stopId());
		if (r == null) {
			StopRecord open = openStops.get(line);
			r = open != null && open.station.equals(stop.stoppedStation()) ? open : null;
		}
		if (r == null) {
			phase.unexpectedHalts.increment();
			return;
		}
		r.halted(at, now, wire);
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
		for (SimStation s : stations) {
			if (s != null) {
				s.client.close();
			}
		}
		boards.close();
		lead.close();
		personClient.stop();
		links.close();
		sharedThreads.forEach(ExecutorScheduler::shutdown);
		try (Stream<Path> files = Files.walk(stateRoot)) {
			files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
		}
		catch (IOException ex) {
			LOG.log(System.Logger.Level.WARNING, "could not delete " + stateRoot, ex);
		}
	}
}
