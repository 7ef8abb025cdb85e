package org.andon.station.it;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;

import org.andon.station.Command;
import org.andon.station.CommandResult;
import org.andon.station.StationClient;
import org.andon.station.StationListener;
import org.andon.station.Ticket;
import org.andon.station.link.Link;
import org.andon.station.link.LinkHandler;
import org.andon.station.link.StompLinkFactory;
import org.andon.station.state.Outbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.andon.testsupport.LineServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two line server nodes on one PostgreSQL database. Node A is killed with SIGKILL in the middle of a stream of
 * commands from the stations on it: the stations move to node B and carry on, and afterwards every command a station
 * was told was accepted is in the log exactly once, in the order the station gave it, the log has no gap, every
 * outbox is empty, and every part notice reached its station once (through catch-up on B where A never sent it).
 */
class NodeFailoverTests {

	static final List<String> MAIN_LINE = List.of("FRAME", "WELD", "PAINT", "ASSY");
	static final List<String> SEAT_LINE = List.of("SEAT-CUT", "SEAT-SEW", "ASSY");
	/** The station that starts on node B; the others start on node A. */
	static final String ON_B = "ASSY";
	/**
	 * How long after the kill a station must be online and working on B again. The client's own part is checked
	 * apart (B tried within a second of the loss); the rest is B's speed in signing the stations in and storing
	 * the commands they send again, which on 2 cores shared with other builds took up to 10 s.
	 */
	static final long MAX_FAILOVER_MILLIS = 30_000;
	static final int PARTS = 30;
	/** Each station gives a command this often (at most 60 a second in all): a steady stream, not a flood. */
	static final Duration CADENCE = Duration.ofMillis(100);

	@TempDir
	Path work;

	/**
	 * How every node runs: in cluster mode, on the shared database, relaying through RabbitMQ's STOMP plugin on
	 * 127.0.0.1:61613 (ops/bin/cluster-broker-setup, which .ci/run calls).
	 */
	static List<String> nodeSettings(PostgresDatabase db) {
		return List.of("--spring.profiles.active=cluster", "--spring.datasource.url=" + db.url(),
				"--spring.datasource.username=" + db.user());
	}

	@Test
	void stationsOnAKilledNodeMoveToTheOtherAndEveryAcknowledgedCommandIsLoggedExactlyOnce() throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 6);
		Flow flow = new Flow();
		for (int i = 0; i < PARTS; i++) {
			flow.part(MAIN_LINE, "N" + run + "-" + i);
			flow.part(SEAT_LINE, "S" + run + "-" + i);
		}
		ScheduledExecutorService workers = Executors.newSingleThreadScheduledExecutor();
		try (PostgresDatabase db = PostgresDatabase.create("andon_failover");
				LineServerProcess nodeA = LineServerProcess.start(Files.createDirectories(work.resolve("node-a")),
						nodeSettings(db));
				LineServerProcess nodeB = LineServerProcess.start(Files.createDirectories(work.resolve("node-b")),
						nodeSettings(db));
				Stations stations = new Stations()) {
			Map<String, StationClient> clients = new LinkedHashMap<>();
			Map<String, Stations.Heard> heard = new HashMap<>();
			for (String id : flow.stations()) {
				Stations.Heard h = new Stations.Heard();
				// ASSY works on node B from the start, as a cluster spreads its stations (and B is not cold).
				List<URI> servers = id.equals(ON_B) ? List.of(nodeB.ws(), nodeA.ws()) : List.of(nodeA.ws(), nodeB.ws());
				clients.put(id, stations.station(servers, id, h));
				heard.put(id, h);
			}
			Stations.awaitReady(clients.values().toArray(StationClient[]::new));
			Map<String, Failover> failovers = new LinkedHashMap<>();
			for (String id : flow.stations()) {
				URI expected = id.equals(ON_B) ? nodeB.ws() : nodeA.ws();
				assertThat(clients.get(id).status().connection().server()).as(id).isEqualTo(expected);
				Failover f = new Failover(nodeB.ws(), id.equals(ON_B));
				failovers.put(id, f);
				clients.get(id).addListener(f);
			}

			// Each worker gives its next command at the cadence, whatever the server is doing, once the part is there.
			workers.scheduleAtFixedRate(() -> flow.giveNext(clients), 0, CADENCE.toMillis(), TimeUnit.MILLISECONDS);
			await().atMost(Duration.ofSeconds(60)).until(() -> flow.answered() >= flow.size() / 4);
			// Kill while some command is on its way (best effort: it may be answered before the signal lands).
			await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1))
				.until(() -> inFlight(clients.values()) > 0 || flow.answered() >= flow.size() / 2);
			int inFlightAtKill = inFlight(clients.values());
			int answeredAtKill = flow.answered();
			Ticket storedByA = flow.given("FRAME").get(0);
			assertThat(storedByA.result()).as("answered by node A").isDone();
			long killedAt = System.nanoTime();
			failovers.values().forEach(f -> f.killedAt = killedAt);
			assertThat(nodeA.kill()).as("exit status of node A: 128 + SIGKILL").isEqualTo(137);
			long goneAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);

			await("every command given and answered").atMost(Duration.ofSeconds(120))
				.until(() -> flow.done() && flow.answered() == flow.size());
			workers.shutdownNow();

			// Every command was accepted, every station ended on node B with nothing left in its outbox.
			List<String> notAccepted = flow.given().stream().filter(t -> !t.result().join().accepted())
				.map(t -> t.command().summary() + " " + t.result().join()).toList();
			assertThat(notAccepted).isEmpty();
			for (String id : flow.stations()) {
				StationClient c = clients.get(id);
				assertThat(c.status().connection().server()).as(id + " is on node B").isEqualTo(nodeB.ws());
				assertThat(c.queued()).as(id + "'s outbox").isEmpty();
				assertThat(Outbox.peek(stations.stateDir(id))).as(id + "'s outbox file").isEmpty();
			}

			// A command node A stored, sent to node B again with the same commandId (as by a client that never got
			// A's answer): B answers it as a repeat with A's seq, and writes nothing.
			JsonNode again = sendAs(nodeB.ws(), "FRAME", storedByA.command());
			assertThat(again.get("duplicate").asBoolean()).as(again.toString()).isTrue();
			assertThat(again.get("seq").asLong()).isEqualTo(storedByA.result().join().seq());

			// Exactly once in the log, in the order given, and nothing in the log nobody gave.
			Map<String, List<Long>> logged = new HashMap<>();
			long entries;
			long lastSeq;
			long headSeq;
			long recorded;
			try (Connection jdbc = db.connect(); Statement q = jdbc.createStatement()) {
				try (ResultSet rs = q.executeQuery(
						"select command_id, seq from event_log where command_id is not null")) {
					while (rs.next()) {
						logged.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getLong(2));
					}
				}
				try (ResultSet rs = q.executeQuery("select count(*), coalesce(max(seq), 0) from event_log")) {
					rs.next();
					entries = rs.getLong(1);
					lastSeq = rs.getLong(2);
				}
				try (ResultSet rs = q.executeQuery("select last_seq from log_head where id = 1")) {
					rs.next();
					headSeq = rs.getLong(1);
				}
				try (ResultSet rs = q.executeQuery("select count(*) from command_record")) {
					rs.next();
					recorded = rs.getLong(1);
				}
			}
			Map<String, List<Long>> twice = new LinkedHashMap<>();
			logged.forEach((id, seqs) -> {
				if (seqs.size() != 1) {
					twice.put(id, seqs);
				}
			});
			assertThat(twice).as("command ids logged more than once").isEmpty();
			assertThat(logged.keySet()).as("the commands in the log are the ones given")
				.containsExactlyInAnyOrderElementsOf(flow.given().stream().map(Ticket::commandId).toList());
			assertThat(recorded).as("command records").isEqualTo(flow.size());
			for (String id : flow.stations()) {
				List<Long> seqs = flow.given(id).stream().map(t -> logged.get(t.commandId()).get(0)).toList();
				assertThat(seqs).as(id + "'s commands in the log").isSorted();
				assertThat(flow.given(id)).as(id + "'s results name the logged entry")
					.allSatisfy(t -> assertThat(t.result().join().seq()).isEqualTo(logged.get(t.commandId()).get(0)));
			}
			assertThat(entries).as("no gap in the log's sequence").isEqualTo(lastSeq);
			assertThat(headSeq).isEqualTo(lastSeq);
			JsonNode verified = nodeB.get("/api/log/verify");
			assertThat(verified.get("intact").asBoolean()).as(verified.toString()).isTrue();
			assertThat(verified.get("entriesChecked").asLong()).isEqualTo(lastSeq);

			// Catch-up across nodes: each part notice arrived once, whether live or caught up (ASSY, on B, hears
			// what A published only through its sync probes until the nodes share a broker).
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				for (int s = 1; s < MAIN_LINE.size(); s++) {
					assertNoticedOnce(heard.get(MAIN_LINE.get(s)), MAIN_LINE.get(s - 1), "N" + run);
				}
				for (int s = 1; s < SEAT_LINE.size(); s++) {
					assertNoticedOnce(heard.get(SEAT_LINE.get(s)), SEAT_LINE.get(s - 1), "S" + run);
				}
			});

			StringBuilder report = new StringBuilder();
			report.append(String.format("node failover: %d commands from %d stations, %d answered before the kill,"
					+ " %d in flight at the kill, %d answered as repeats in the stream, %d log entries; node A's"
					+ " process was gone %d ms after the SIGKILL; after the kill:%n", flow.size(), clients.size(),
					answeredAtKill, inFlightAtKill,
					flow.given().stream().filter(t -> t.result().join().duplicate()).count(), lastSeq, goneAfter));
			failovers.forEach((id, f) -> report.append(String.format("  %-8s %s%n", id, f.describe())));
			System.out.print(report);
			failovers.forEach((id, f) -> {
				if (id.equals(ON_B)) {
					assertThat(f.attempts).as(id + " never left B\n" + report).isEmpty();
				}
				else {
					// Straight to B: no backoff, no second try of the dead node, B tried at once after the loss.
					assertThat(f.attempts).as(id + "'s attempts after the kill\n" + report).containsExactly(nodeB.ws());
					assertThat(f.triedMillis() - f.lostMillis()).as(id + " tried B after the loss\n" + report)
						.isBetween(0L, 1_000L);
					assertThat(f.onlineMillis()).as(id + " back online\n" + report).isBetween(0L, MAX_FAILOVER_MILLIS);
				}
				assertThat(f.firstResultMillis()).as(id + " working again\n" + report)
					.isBetween(0L, MAX_FAILOVER_MILLIS);
			});
			assertThat(errorLines(nodeB.output())).as("errors logged by node B:\n%s", around(nodeB.output())).isEmpty();
		}
		finally {
			workers.shutdownNow();
		}
	}

	/** Sends one command body as it is, in a session of its own signed in as the station, and returns the result. */
	private static JsonNode sendAs(URI server, String stationId, Command command) throws Exception {
		BlockingQueue<JsonNode> results = new LinkedBlockingQueue<>();
		try (StompLinkFactory links = new StompLinkFactory()) {
			Link link = links.open(server, stationId, Stations.token(stationId), new LinkHandler() {
				@Override
				public void onMessage(String destination, byte[] body) {
					if (destination.endsWith("/results")) {
						results.add(LineServerProcess.JSON.readTree(body));
					}
				}

				@Override
				public void onClosed(String why) {
				}
			}).get(10, TimeUnit.SECONDS);
			try {
				link.send("/app/commands", LineServerProcess.JSON.writeValueAsBytes(command));
				JsonNode result = results.poll(10, TimeUnit.SECONDS);
				assertThat(result).as("result of " + command.summary()).isNotNull();
				return result;
			}
			finally {
				link.close();
			}
		}
	}

	private static void assertNoticedOnce(Stations.Heard heard, String from, String serialPrefix) {
		List<String> notices = heard.lines.stream().filter(l -> l.startsWith("PART_INCOMING " + serialPrefix))
			.toList();
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < PARTS; i++) {
			expected.add("PART_INCOMING " + serialPrefix + "-" + i + " from " + from);
		}
		assertThat(notices).containsExactlyInAnyOrderElementsOf(expected);
	}

	/** The first error line with the stack trace under it. */
	private static String around(String output) {
		List<String> lines = output.lines().toList();
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).contains(" ERROR ")) {
				return String.join("\n", lines.subList(i, Math.min(lines.size(), i + 40)));
			}
		}
		return "";
	}

	/**
	 * Errors in a node's log, but the relay's own line for a snapshot it could not forward to a session whose broker
	 * connection was not up yet (a station failing over while it subscribes): the station's catch-up sync brings
	 * the same view, and this test checks that every station works again and nothing is lost.
	 */
	private static List<String> errorLines(String output) {
		return output.lines().filter(l -> l.contains(" ERROR "))
			.filter(l -> !(l.contains("StompBrokerRelayMessageHandler") && l.contains("Failed to forward SEND /queue/station-user")
					&& l.contains("\"type\":\"STATE\"")))
			.toList();
	}

	/** Commands sent on some link but not answered yet, over all stations. */
	private static int inFlight(java.util.Collection<StationClient> clients) {
		return clients.stream().mapToInt(c -> (int) c.queued().stream().filter(q -> q.sends() > 0).count()).sum();
	}

	/**
	 * The work of the stations: per station, its commands in order, each given once the part is there (its supplier's
	 * PASS of the part has been answered).
	 */
	private static final class Flow {

		private final Map<String, List<Step>> plans = new LinkedHashMap<>();
		private final Map<String, Integer> next = new ConcurrentHashMap<>();
		private final Map<String, List<Ticket>> given = new ConcurrentHashMap<>();
		private final Map<String, Ticket> passes = new ConcurrentHashMap<>();

		private record Step(BooleanSupplier ready, Function<StationClient, Ticket> give, String passOf) {
		}

		/** The part enters at the first station and is accepted and passed on by each station after it. */
		void part(List<String> chain, String serial) {
			for (int s = 0; s < chain.size(); s++) {
				String station = chain.get(s);
				List<Step> plan = plans.computeIfAbsent(station, k -> new ArrayList<>());
				if (s == 0) {
					plan.add(new Step(() -> true, c -> c.receive(serial), null));
				}
				else {
					String supplierPass = chain.get(s - 1) + " " + serial;
					plan.add(new Step(() -> passes.containsKey(supplierPass)
							&& passes.get(supplierPass).result().isDone(), c -> c.accept(serial), null));
				}
				plan.add(new Step(() -> true, c -> c.pass(serial, null), station + " " + serial));
			}
		}

		List<String> stations() {
			return List.copyOf(plans.keySet());
		}

		int size() {
			return plans.values().stream().mapToInt(List::size).sum();
		}

		/** One command per station at most, on the workers' thread. */
		void giveNext(Map<String, StationClient> clients) {
			plans.forEach((station, plan) -> {
				int i = next.getOrDefault(station, 0);
				if (i < plan.size() && plan.get(i).ready().getAsBoolean()) {
					Ticket t = plan.get(i).give().apply(clients.get(station));
					given.computeIfAbsent(station, k -> Collections.synchronizedList(new ArrayList<>())).add(t);
					if (plan.get(i).passOf() != null) {
						passes.put(plan.get(i).passOf(), t);
					}
					next.put(station, i + 1);
				}
			});
		}

		boolean done() {
			return plans.entrySet().stream().allMatch(e -> next.getOrDefault(e.getKey(), 0) == e.getValue().size());
		}

		List<Ticket> given(String station) {
			synchronized (given.getOrDefault(station, List.of())) {
				return List.copyOf(given.getOrDefault(station, List.of()));
			}
		}

		List<Ticket> given() {
			List<Ticket> all = new ArrayList<>();
			plans.keySet().forEach(s -> all.addAll(given(s)));
			return all;
		}

		int answered() {
			return (int) given().stream().filter(t -> t.result().isDone()).count();
		}
	}

	/**
	 * What a station went through after the kill, in ms from the SIGKILL: when it noticed the loss, when it tried
	 * the other node (and which servers it tried), when it was online there, and when it got its first result
	 * there (for a station that was on the other node all along: its first result after the kill).
	 */
	private static final class Failover implements StationListener {

		private final URI other;
		private final boolean startedThere;
		volatile long killedAt;
		final List<URI> attempts = new CopyOnWriteArrayList<>();
		private volatile long lost = -1;
		private volatile long tried = -1;
		private volatile long online = -1;
		private volatile long firstResult = -1;

		Failover(URI other, boolean startedThere) {
			this.other = other;
			this.startedThere = startedThere;
		}

		@Override
		public void onConnectionChanged(org.andon.station.Connection c) {
			if (killedAt == 0) {
				return;
			}
			long now = System.nanoTime();
			switch (c.state()) {
				case OFFLINE -> lost = lost < 0 ? now : lost;
				case CONNECTING -> {
					attempts.add(c.server());
					tried = tried < 0 ? now : tried;
				}
				case ONLINE -> online = online < 0 && other.equals(c.server()) ? now : online;
				default -> {
				}
			}
		}

		@Override
		public void onResult(Command command, CommandResult result) {
			if (killedAt != 0 && firstResult < 0 && (online >= 0 || startedThere)) {
				firstResult = System.nanoTime();
			}
		}

		long lostMillis() {
			return millis(lost);
		}

		long triedMillis() {
			return millis(tried);
		}

		long onlineMillis() {
			return millis(online);
		}

		long firstResultMillis() {
			return millis(firstResult);
		}

		private long millis(long at) {
			return at < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(at - killedAt);
		}

		String describe() {
			return startedThere ? String.format("on B all along, first result %5d ms", firstResultMillis())
					: String.format("lost A %5d ms, tried %s %5d ms, online %5d ms, first result %5d ms",
							lostMillis(), attempts.size() == 1 ? "B" : attempts, triedMillis(), onlineMillis(),
							firstResultMillis());
		}
	}
}
