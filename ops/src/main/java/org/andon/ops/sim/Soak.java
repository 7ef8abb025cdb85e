package org.andon.ops.sim;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The kill -9 soak ({@code ops/bin/soak}): stations send events to a real line server (its jar, a child process on
 * an H2 file), which is killed with SIGKILL at random moments and restarted on the same file. Each station keeps
 * what got no answer and sends it again, with the same commandId, after the restart, as the station client's outbox
 * does. At the end it reads the whole log back over the REST API and prints the figures that must all be zero:
 * acknowledged commands missing from the log, commands applied twice, gaps in the sequence, and whether
 * {@code /api/log/verify} found the chain intact. Every event is a RECEIVE of a new serial at an entry station, so
 * each one is valid in any order and writes exactly one log entry: lost and doubled are exact counts.
 * <p>
 * Usage: {@code Soak [--stations N] [--events N] [--kills N] [--seed N] [--work DIR] [--line-server-jar JAR]
 * [--json FILE]} (defaults 200, 10000, 20). Exit code 0 when every figure is zero, 1 otherwise.
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

	Soak(int stations, int events, int kills, long seed, Path work, Path jar) {
		this.stations = stations;
		this.events = events;
		this.kills = kills;
		this.random = new Random(seed);
		this.work = work;
		this.jar = jar;
		this.plant = new Plant(stations, 2, 0);
		this.http = HttpClient.newBuilder().executor(workers).connectTimeout(Duration.ofSeconds(10)).build();
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> o = new HashMap<>();
		for (String a : args) {
			if (!a.startsWith("--") || !a.contains("=")) {
				System.err.println("usage: soak [--stations=N] [--events=N] [--kills=N] [--seed=N] [--work=DIR] "
						+ "[--line-server-jar=JAR] [--json=FILE]");
				System.exit(2);
			}
			o.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
		}
		Path work = o.containsKey("work") ? Path.of(o.get("work")) : Files.createTempDirectory("andon-soak");
		Path jar = Path.of(o.getOrDefault("line-server-jar", System.getProperty("andon.lineServerJar",
				"line-server/target/line-server.jar")));
		Figures f = new Soak(Integer.parseInt(o.getOrDefault("stations", "200")),
				Integer.parseInt(o.getOrDefault("events", "10000")), Integer.parseInt(o.getOrDefault("kills", "20")),
				Long.parseLong(o.getOrDefault("seed", Long.toString(System.nanoTime()))), work, jar).run();
		System.out.println(f.text());
		if (o.containsKey("json")) {
			Files.writeString(Path.of(o.get("json")), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(f));
		}
		System.exit(f.allZero() ? 0 : 1);
	}

	/** What a soak found. Everything but the counts of the run itself must be zero, and the log intact. */
	public record Figures(int stations, int events, int kills, int restarts, long inFlightAtKills, long acknowledged,
			long duplicateAnswers, long refused, long lost, long appliedTwice, long logGaps, long logEntries,
			boolean logIntact, String verifyProblem, double seconds, double meanRestartSeconds) {

		public boolean allZero() {
			return lost == 0 && appliedTwice == 0 && logGaps == 0 && logIntact && refused == 0
					&& acknowledged == events;
		}

		public String text() {
			return String.format(Locale.ROOT, """
					kill -9 soak: %d stations, %d events, %d SIGKILLs (%d restarts on the same H2 file), %.0f s
					  commands in flight at the kills:   %d
					  acknowledged:                      %d of %d (%d answers were repeats, duplicate:true)
					  refused:                           %d
					  acknowledged but lost:             %d
					  applied twice:                     %d
					  log gaps:                          %d (%d entries)
					  /api/log/verify:                   %s
					  mean restart (kill to healthy):    %.1f s
					%s""", stations, events, kills, restarts, seconds, inFlightAtKills, acknowledged, events,
					duplicateAnswers, refused, lost, appliedTwice, logGaps, logEntries,
					logIntact ? "intact" : "BROKEN: " + verifyProblem, meanRestartSeconds,
					allZero() ? "ALL ZERO" : "FAILED");
		}
	}

	Figures run() throws Exception {
		long started = System.nanoTime();
		Path plantFile = work.resolve("soak-plant.yml");
		plant.write(plantFile);
		for (int l = 0; l < stations; l++) {
			floor.add(new Station(plant.stationId(l, 0)));
		}
		for (int i = 0; i < events; i++) {
			Station s = floor.get(i % stations);
			String id = UUID.randomUUID().toString();
			s.todo.add(id);
			stationOf.put(id, s.id);
		}
		List<String> jvm = List.of("-XX:TieredStopAtLevel=1", "-Xmx512m");
		List<String> args = List.of("--andon.protocol.session-commands-per-second=100000");
		LineServerChild server = LineServerChild.start(jar, plantFile, work, jvm, args);
		int killed = 0;
		long inFlightAtKills = 0;
		long restartNanos = 0;
		try {
			connectAll(server.webSocket());
			for (int k = 0; k < kills; k++) {
				long target = Math.min(events - 1, acks.get() + Math.max(1, (long) ((events - acks.get())
						/ (double) (kills - k + 1) * (0.5 + random.nextDouble()))));
				waitUntil(() -> acks.get() >= target || acks.get() >= events, Duration.ofMinutes(10));
				if (acks.get() >= events) {
					break;
				}
				inFlightAtKills += floor.stream().mapToLong(s -> s.inFlight.size()).sum();
				long t = System.nanoTime();
				ProcessHandle victim = ProcessHandle.of(server.pid()).orElseThrow();
				victim.destroyForcibly(); // SIGKILL on Linux
				victim.onExit().get(30, TimeUnit.SECONDS);
				killed++;
				floor.forEach(Station::lost);
				server.close();
				server = LineServerChild.start(jar, plantFile, work, jvm, args);
				restartNanos += System.nanoTime() - t;
				connectAll(server.webSocket());
			}
			waitUntil(() -> acks.get() >= events, Duration.ofMinutes(20));
			return check(server, killed, inFlightAtKills, (System.nanoTime() - started) / 1e9,
					killed == 0 ? 0 : restartNanos / 1e9 / killed);
		}
		finally {
			floor.forEach(Station::lost);
			server.close();
			workers.shutdownNow();
		}
	}

	private void connectAll(URI server) {
		floor.forEach(s -> s.connect(server));
	}

	private Figures check(LineServerChild server, int killed, long inFlight, double seconds, double restart)
			throws Exception {
		String base = "http://" + server.webSocket().getAuthority();
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
		long lost = acknowledged.keySet().stream().filter(id -> !entries.containsKey(id)).count();
		long twice = entries.values().stream().filter(n -> n > 1).count();
		JsonNode verify = get(base + "/api/log/verify");
		return new Figures(stations, events, killed, killed, inFlight, acknowledged.size(), duplicates.get(),
				refused.get(), lost, twice, gaps, count, verify.path("intact").asBoolean(),
				verify.path("problem").asString(null), seconds, restart);
	}

	private JsonNode get(String url) throws Exception {
		HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Basic "
				+ Base64.getEncoder().encodeToString((Plant.LEAD + ":" + Plant.PASSWORD).getBytes(StandardCharsets.UTF_8)))
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
			String body = "{\"commandId\":\"" + commandId + "\",\"type\":\"RECEIVE\",\"stationId\":\"" + id
					+ "\",\"partSerial\":\"SOAK-" + commandId.substring(0, 13) + "\"}";
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
