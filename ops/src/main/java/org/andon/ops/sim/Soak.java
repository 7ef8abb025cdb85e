package org.andon.ops.sim;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.andon.testsupport.LineServerProcess;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The kill -9 soak ({@code ops/bin/soak}): stations send events to a real line server (its jar, a child process on
 * an H2 file or a PostgreSQL database), which is killed with SIGKILL at random moments and restarted on the same
 * database. Each station keeps what got no answer and sends it again, with the same commandId, after the restart, as
 * the station client's outbox does. At the end it reads the whole log back over the REST API and prints the figures that must all be zero:
 * acknowledged commands missing from the log, commands applied twice, gaps in the sequence, and whether
 * {@code /api/log/verify} found the chain intact. Every event is a RECEIVE of a new serial at an entry station, so
 * each one is valid in any order and writes exactly one log entry: lost and doubled are exact counts.
 * <p>
 * Usage: {@code soak --help}. Exit code 0 when every figure is zero, 1 otherwise.
 */
public final class Soak {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final int stations;
	private final int events;
	private final int kills;
	private final Random random;
	private final Path work;
	private final Path jar;
	private final Plant plant;
	private final HttpClient http;
	private final ExecutorService workers = Executors.newFixedThreadPool(4);

	/** Every command: its station and whether the server acknowledged it. */
	private final Map<String, String> stationOf = new ConcurrentHashMap<>();
	private final Map<String, Boolean> acknowledged = new ConcurrentHashMap<>();
	private final AtomicInteger duplicates = new AtomicInteger();
	private final AtomicInteger refused = new AtomicInteger();
	private final AtomicLong acks = new AtomicLong();
	private final List<Station> floor = new ArrayList<>();
	/** Notified on every answer, so the soak waits on its counters instead of polling them. */
	private final Object progress = new Object();

	private String database;
	private String databaseUser = "postgres";
	/** Lines whose entry station stops the line once at the start, so that escalation steps fall due all along. */
	private final int alarms;
	private final Map<String, String> bodies = new ConcurrentHashMap<>();
	private final Map<String, AtomicInteger> pagesReceived = new ConcurrentHashMap<>();

	public Soak(int stations, int events, int kills, long seed, Path work, Path jar) {
		this.stations = stations;
		this.events = events;
		this.kills = kills;
		this.random = new Random(seed);
		this.work = work;
		this.jar = jar;
		this.alarms = Math.max(1, stations / 40);
		this.plant = new Plant(stations + alarms, 2, 0);
		this.http = HttpClient.newBuilder().executor(workers).connectTimeout(Duration.ofSeconds(10)).build();
	}

	/** Runs on this database (an empty PostgreSQL database, say) instead of an H2 file in the work folder. */
	public Soak on(String datasourceUrl, String user) {
		this.database = datasourceUrl;
		this.databaseUser = user;
		return this;
	}

	/** Held so that the level set on it stays (the logging framework keeps its loggers weakly). */
	private static java.util.logging.Logger stationSockets;

	/** Every kill cuts every station's socket: those warnings are the soak's own doing, and it counts what matters. */
	static void quietStationLosses() {
		stationSockets = java.util.logging.Logger.getLogger(StompSocket.class.getName());
		stationSockets.setLevel(java.util.logging.Level.SEVERE);
	}

	public static void main(String[] args) {
		// System.exit: the soak's worker threads would keep the JVM alive after a failure
		System.exit(new picocli.CommandLine(new Cli()).execute(args));
	}

	/** {@code ops/bin/soak}'s options. */
	@picocli.CommandLine.Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
			usageHelpWidth = 110, description = { "The kill -9 soak: prints acknowledged-but-lost, applied twice, log "
					+ "gaps, /api/log/verify and the escalation figures; exit code 0 when all are zero, 1 otherwise.",
					"Example: soak --stations=200 --events=10000 --kills=20" })
	static final class Cli implements java.util.concurrent.Callable<Integer> {

		@picocli.CommandLine.Option(names = "--stations", defaultValue = "200",
				description = "Entry stations sending events (default: ${DEFAULT-VALUE}).")
		int stations;

		@picocli.CommandLine.Option(names = "--events", defaultValue = "10000",
				description = "Station events in all (default: ${DEFAULT-VALUE}).")
		int events;

		@picocli.CommandLine.Option(names = "--kills", defaultValue = "20",
				description = "SIGKILLs of the server at random moments (default: ${DEFAULT-VALUE}).")
		int kills;

		@picocli.CommandLine.Option(names = "--seed", description = "Seed of the kill moments (default: the clock).")
		Long seed;

		@picocli.CommandLine.Option(names = "--work", paramLabel = "DIR",
				description = "Where the H2 file and line-server.log go (default: a new temporary folder).")
		Path work;

		@picocli.CommandLine.Option(names = "--line-server-jar", paramLabel = "JAR",
				defaultValue = "${sys:andon.lineServerJar:-line-server/target/line-server.jar}",
				description = "The line server jar (default: ${DEFAULT-VALUE}).")
		Path jar;

		@picocli.CommandLine.Option(names = "--json", paramLabel = "FILE", description = "Also write the figures here.")
		Path json;

		@picocli.CommandLine.Option(names = "--database", paramLabel = "JDBC_URL",
				description = "An empty PostgreSQL database instead of an H2 file, e.g. "
						+ "jdbc:postgresql://127.0.0.1:5432/andon_soak.")
		String database;

		@picocli.CommandLine.Option(names = "--database-user", defaultValue = "postgres",
				description = "Its user (default: ${DEFAULT-VALUE}).")
		String databaseUser;

		@picocli.CommandLine.Option(names = "--verbose", description = "Also log every station's lost connection at "
				+ "each kill (expected: 2 lines per station per kill).")
		boolean verbose;

		@Override
		public Integer call() throws Exception {
			if (!verbose) {
				quietStationLosses();
			}
			Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("andon-soak");
			Soak soak = new Soak(stations, events, kills, seed != null ? seed : System.nanoTime(), dir, jar);
			if (database != null) {
				soak.on(database, databaseUser);
			}
			Figures f = soak.run();
			System.out.println(f.text());
			if (json != null) {
				Files.writeString(json, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(f));
			}
			return f.allZero() ? 0 : 1;
		}
	}

	/**
	 * What a soak found. Everything but the counts of the run itself must be zero, and the log intact. Escalation is
	 * judged step by step: each step falls due one wait after the step before it fired (the first when the stop is
	 * logged); each must fire within {@link #STEP_SLACK} of the server being up after its due moment (a step due
	 * while the server was down fires once it is back), and the next step of each open incident must not be overdue
	 * at the end.
	 */
	public record Figures(String database, int stations, int events, int kills, int restarts, long inFlightAtKills,
			long acknowledged,
			long duplicateAnswers, long refused, long lost, long appliedTwice, long logGaps, long logEntries,
			boolean logIntact, String verifyProblem, double seconds, double meanRestartSeconds, int stops,
			long escalationSteps, long escalationStepsDueWhileDown, long escalationStepsLate,
			long escalationStepsMissed, long escalationStepsTwice, double worstStepLatenessSeconds,
			long stepPagesMissing, long pagesRepeated) {

		public boolean allZero() {
			return lost == 0 && appliedTwice == 0 && logGaps == 0 && logIntact && refused == 0
					&& acknowledged == events && escalationStepsTwice == 0 && escalationStepsMissed == 0
					&& escalationStepsLate == 0 && stepPagesMissing == 0;
		}

		public String text() {
			return String.format(Locale.ROOT, """
					kill -9 soak: %d stations, %d events, %d SIGKILLs (%d restarts on the same %s database), %.0f s
					  commands in flight at the kills:   %d
					  acknowledged:                      %d of %d (%d answers were repeats, duplicate:true)
					  refused:                           %d
					  acknowledged but lost:             %d
					  applied twice:                     %d
					  log gaps:                          %d (%d entries in all)
					  /api/log/verify:                   %s
					  mean restart (kill to healthy):    %.1f s
					  escalation (%d stops, a step a minute after the last, nobody answers):
					    steps fired:                     %d
					    of them due while the server was down: %d (each fired after the restart)
					    steps late (server up > %d s between due and fired): %d (worst %.1f s)
					    steps overdue at the end (missed): %d
					    steps fired twice:               %d
					    webhook pages marked delivered but never received: %d
					    pages received again under the same page id (at-least-once; receivers dedup): %d
					%s""", stations, events, kills, restarts, database, seconds, inFlightAtKills, acknowledged, events,
					duplicateAnswers, refused, lost, appliedTwice, logGaps, logEntries,
					logIntact ? "intact" : "BROKEN: " + verifyProblem, meanRestartSeconds, stops, escalationSteps,
					escalationStepsDueWhileDown, STEP_SLACK.toSeconds(), escalationStepsLate, worstStepLatenessSeconds,
					escalationStepsMissed, escalationStepsTwice, stepPagesMissing, pagesRepeated,
					allZero() ? "ALL ZERO" : "FAILED");
		}
	}

	/** How long the stopped lines' lead has to answer before the next step (the soak's plant). */
	static final Duration STEP_WAIT = Duration.ofMinutes(1);

	/**
	 * How long the server may be up between a step's due moment and its firing: the ticker looks once a second, and
	 * a server that has just restarted takes every station's replay first.
	 */
	static final Duration STEP_SLACK = Duration.ofSeconds(20);

	/** When the server was down: from each SIGKILL until the restarted server answered healthy. */
	private final List<Instant[]> downtime = new ArrayList<>();

	/** Runs the soak and returns what it found. */
	public Figures run() throws Exception {
		long started = System.nanoTime();
		com.sun.net.httpserver.HttpServer receiver = pageReceiver();
		Path plantFile = work.resolve("soak-plant.yml");
		// every minute the lead is paged again on a webhook until someone acknowledges (nobody does)
		Files.writeString(plantFile, plant.yaml().replace("channels: [push], waitMinutes: 240",
				"channels: [push, webhook:soak], waitMinutes: " + STEP_WAIT.toMinutes())
				+ "\nwebhooks:\n  - { id: soak, url: \"http://127.0.0.1:" + receiver.getAddress().getPort()
				+ "/page\", format: generic, secret: \"soak-receiver-secret-0123\" }\n");
		for (int l = 0; l < stations; l++) {
			floor.add(new Station(plant.stationId(l, 0)));
		}
		for (int i = 0; i < events; i++) {
			Station s = floor.get(i % stations);
			String id = UUID.randomUUID().toString();
			s.todo.add(id);
			stationOf.put(id, s.id);
			bodies.put(id, "{\"commandId\":\"" + id + "\",\"type\":\"RECEIVE\",\"stationId\":\"" + s.id
					+ "\",\"partSerial\":\"SOAK-" + id.substring(0, 13) + "\"}");
		}
		for (int a = 0; a < alarms; a++) {
			Station s = new Station(plant.stationId(stations + a, 0));
			String id = UUID.randomUUID().toString();
			s.todo.add(id);
			stationOf.put(id, s.id);
			bodies.put(id, "{\"commandId\":\"" + id + "\",\"type\":\"STOP\",\"stationId\":\"" + s.id
					+ "\",\"reason\":\"QUALITY\",\"note\":\"soak\"}");
			floor.add(s);
		}
		List<String> jvm = List.of("-XX:TieredStopAtLevel=1", "-Xmx512m");
		List<String> args = database == null ? List.of("--andon.protocol.sender-commands-per-second=100000")
				: List.of("--andon.protocol.sender-commands-per-second=100000",
						"--spring.datasource.username=" + databaseUser);
		LineServerProcess server = start(plantFile, work, jvm, args);
		int killed = 0;
		long inFlightAtKills = 0;
		long restartNanos = 0;
		try {
			connectAll(server.ws());
			for (int k = 0; k < kills; k++) {
				long target = Math.min(total() - 1, acks.get() + Math.max(1, (long) ((total() - acks.get())
						/ (double) (kills - k + 1) * (0.5 + random.nextDouble()))));
				waitUntil(() -> acks.get() >= target || acks.get() >= total(), Duration.ofMinutes(10));
				if (acks.get() >= total()) {
					break;
				}
				long inFlight = floor.stream().mapToLong(s -> s.inFlight.size()).sum();
				inFlightAtKills += inFlight;
				long t = System.nanoTime();
				Instant downAt = Instant.now();
				ProcessHandle victim = ProcessHandle.of(server.pid()).orElseThrow();
				victim.destroyForcibly(); // SIGKILL on Linux
				victim.onExit().get(30, TimeUnit.SECONDS);
				killed++;
				floor.forEach(Station::lost);
				server.close();
				server = start(plantFile, work, jvm, args);
				restartNanos += System.nanoTime() - t;
				downtime.add(new Instant[] { downAt, Instant.now() });
				System.err.printf("soak: SIGKILL %d of %d at %.0f s with %d commands in flight, %d of %d acknowledged; "
						+ "healthy again after %.1f s%n", killed, kills, (t - started) / 1e9, inFlight, acks.get(),
						total(), (System.nanoTime() - t) / 1e9);
				connectAll(server.ws());
			}
			waitUntil(() -> acks.get() >= total(), Duration.ofMinutes(20));
			return check(server, killed, inFlightAtKills, (System.nanoTime() - started) / 1e9,
					killed == 0 ? 0 : restartNanos / 1e9 / killed);
		}
		finally {
			floor.forEach(Station::lost);
			server.close();
			workers.shutdownNow();
			receiver.stop(0);
		}
	}

	private int total() {
		return events + alarms;
	}

	/** The webhook receiver: counts each page id it answered 200. */
	/**
	 * The real line server jar as a child process on 127.0.0.1 (a free port, the soak's plant) on the soak's
	 * database: the H2 file in the work folder with the production URL options, or {@code --database}.
	 */
	private LineServerProcess start(Path plantFile, Path work, List<String> jvm, List<String> args) {
		return PlantServer.launch(jar, plantFile, database != null ? database : PlantServer.h2(work), args, work)
			.jvmOptions(jvm).start();
	}

	private com.sun.net.httpserver.HttpServer pageReceiver() throws java.io.IOException {
		com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer
			.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/page", exchange -> {
			exchange.getRequestBody().readAllBytes();
			String pageId = exchange.getRequestHeaders().getFirst("X-Andon-Page-Id");
			if (pageId != null) {
				pagesReceived.computeIfAbsent(pageId, k -> new AtomicInteger()).incrementAndGet();
			}
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		server.start();
		return server;
	}

	private void connectAll(URI server) {
		floor.forEach(s -> s.connect(server));
	}

	private Figures check(LineServerProcess server, int killed, long inFlight, double seconds, double restart)
			throws Exception {
		String base = "http://" + server.ws().getAuthority();
		Map<String, Integer> entries = new HashMap<>();
		long expectedSeq = 1;
		long gaps = 0;
		long count = 0;
		long since = 0;
		while (true) {
			JsonNode page = get(base + "/api/log?since=" + since + "&limit=500");
			if (page.isEmpty()) {
				break;
			}
			for (JsonNode e : page) {
				long seq = e.path("seq").asLong();
				if (seq != expectedSeq) {
					gaps++;
				}
				expectedSeq = seq + 1;
				since = seq;
				count++;
				String id = e.path("commandId").asString(null);
				if (id != null && "PART_RECEIVED".equals(e.path("type").asString())) {
					entries.merge(id, 1, Integer::sum);
				}
			}
		}
		List<String> received = acknowledged.keySet().stream().filter(id -> bodies.get(id).contains("\"RECEIVE\""))
			.toList();
		long lost = received.stream().filter(id -> !entries.containsKey(id)).count();
		long twice = entries.values().stream().filter(n -> n > 1).count();
		JsonNode verify = get(base + "/api/log/verify");
		Instant now = Instant.now();
		long steps = 0;
		long dueWhileDown = 0;
		long late = 0;
		long missed = 0;
		long stepsTwice = 0;
		double worst = 0;
		long stepPagesMissing = 0;
		Set<String> stepKeys = new java.util.HashSet<>();
		for (int a = 0; a < alarms; a++) {
			for (JsonNode incident : get(base + "/api/incidents?line=" + plant.lineId(stations + a) + "&size=200")
				.path("items")) {
				java.util.TreeMap<Integer, Instant> fired = new java.util.TreeMap<>();
				for (JsonNode step : incident.path("escalation")) {
					steps++;
					if (fired.put(step.path("step").asInt(), Instant.parse(step.path("at").asString())) != null) {
						stepsTwice++;
					}
				}
				// the first step is due when the incident opens, each next one a wait after the one before it fired;
				// a step is late when the server was up for longer than the slack between its due moment and its firing
				Instant due = Instant.parse(incident.path("openedAt").asString());
				for (Instant at : fired.values()) {
					if (backAfter(due) != null) {
						dueWhileDown++;
					}
					double lateness = upBetween(due, at).toMillis() / 1000.0;
					worst = Math.max(worst, lateness);
					if (lateness > STEP_SLACK.toSeconds() || at.isBefore(due.minusSeconds(1))) {
						late++;
					}
					due = at.plus(STEP_WAIT);
				}
				if ("OPEN".equals(incident.path("status").asString())
						&& upBetween(due, now).compareTo(STEP_SLACK) > 0) {
					missed++; // the next step (or the first) is overdue and has not fired
				}
				for (JsonNode page : incident.path("pages")) {
					if ("WEBHOOK".equals(page.path("channel").asString())) {
						String key = page.path("pageKey").asString();
						stepKeys.add(key);
						if ("DELIVERED".equals(page.path("status").asString()) && !pagesReceived.containsKey(key)) {
							stepPagesMissing++;
						}
					}
				}
			}
		}
		long repeatedPages = pagesReceived.entrySet().stream().filter(e -> stepKeys.contains(e.getKey()))
			.filter(e -> e.getValue().get() > 1).count();
		return new Figures(database == null ? "H2" : "PostgreSQL", stations, events, killed, killed, inFlight,
				received.size(), duplicates.get(),
				refused.get(), lost, twice, gaps, count, verify.path("intact").asBoolean(),
				verify.path("problem").asString(null), seconds, restart, alarms, steps, dueWhileDown, late, missed,
				stepsTwice, worst, stepPagesMissing, repeatedPages);
	}

	/** How long the server was up between two moments (none when {@code to} is not after {@code from}). */
	private Duration upBetween(Instant from, Instant to) {
		if (!to.isAfter(from)) {
			return Duration.ZERO;
		}
		Duration up = Duration.between(from, to);
		for (Instant[] window : downtime) {
			Instant start = window[0].isAfter(from) ? window[0] : from;
			Instant end = window[1].isBefore(to) ? window[1] : to;
			if (end.isAfter(start)) {
				up = up.minus(Duration.between(start, end));
			}
		}
		return up;
	}

	/** When the server came back, if it was down at this moment; null if it was up. */
	private Instant backAfter(Instant moment) {
		for (Instant[] window : downtime) {
			if (!moment.isBefore(window[0]) && moment.isBefore(window[1])) {
				return window[1];
			}
		}
		return null;
	}

	private JsonNode get(String url) throws Exception {
		String lead = Plant.LEAD + ":" + Plant.PASSWORD;
		HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Basic "
				+ Base64.getEncoder().encodeToString(lead.getBytes(StandardCharsets.UTF_8)))
			.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
		if (r.statusCode() != 200) {
			throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
		}
		return JSON.readTree(r.body());
	}

	private void waitUntil(java.util.function.BooleanSupplier condition, Duration atMost)
			throws InterruptedException {
		long deadline = System.nanoTime() + atMost.toNanos();
		synchronized (progress) {
			while (!condition.getAsBoolean()) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new IllegalStateException("gave up waiting after " + atMost + " (" + acks.get() + " of "
							+ events + " answered)");
				}
				progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
			}
		}
	}

	private void answered() {
		acks.incrementAndGet();
		synchronized (progress) {
			progress.notifyAll();
		}
	}

	/**
	 * One entry station: its commands to send, one in flight at a time (a worker scanning parts), and what was sent
	 * but not answered, which goes again after a reconnect with the same commandId.
	 */
	private final class Station implements StompSocket.Handler {

		final String id;
		final java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>();
		final Map<String, String> inFlight = new ConcurrentHashMap<>();
		private volatile StompSocket socket;

		Station(String id) {
			this.id = id;
		}

		void connect(URI server) {
			StompSocket s = new StompSocket(id, this);
			socket = s;
			s.open(http, server, id, Plant.token(id));
		}

		void lost() {
			StompSocket s = socket;
			socket = null;
			if (s != null) {
				s.close();
			}
		}

		@Override
		public void connected(StompSocket s) {
			s.subscribe("results", "/user/queue/results");
			synchronized (this) {
				if (!inFlight.isEmpty()) {
					inFlight.values().forEach(s::send); // unanswered before the crash: the same ids again
				}
				else {
					next(s);
				}
			}
		}

		private void next(StompSocket s) {
			String commandId = todo.poll();
			if (commandId == null) {
				return;
			}
			String body = bodies.get(commandId);
			String frame = "SEND\ndestination:/app/commands\ncontent-type:application/json\n\n" + body + "\0";
			inFlight.put(commandId, frame);
			s.send(frame);
		}

		@Override
		public void message(String subscription, String body) {
			String commandId = LeanJson.string(body, "commandId");
			String status = LeanJson.string(body, "status");
			String code = LeanJson.string(body, "code");
			StompSocket s = socket;
			synchronized (this) {
				String frame = inFlight.get(commandId);
				if (frame == null) {
					return;
				}
				if ("REJECTED".equals(status) && ("INTERNAL_ERROR".equals(code) || "RATE_LIMITED".equals(code))) {
					if (s != null) {
						s.send(frame);
					}
					return;
				}
				inFlight.remove(commandId);
				if ("ACCEPTED".equals(status)) {
					if (acknowledged.putIfAbsent(commandId, true) == null) {
						answered();
					}
					if (body.contains("\"duplicate\":true")) {
						duplicates.incrementAndGet();
					}
				}
				else {
					refused.incrementAndGet();
					answered();
				}
				if (s != null) {
					next(s);
				}
			}
		}

		@Override
		public void closed(String why) {
			// the server died or is restarting: the soak reconnects every station once it is back
		}
	}
}
