package org.andon.ops.sim;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.andon.testsupport.LineServerProcess;

/**
 * {@code ops/bin/simulate}: connects a simulated plant to a line server over the real protocol, moves parts through
 * it at a given rate with stops and rejects, and reports acknowledged commands per second, command latency and
 * STOP-to-HALT latency, optionally beside a raw-WebSocket baseline of the same clients on the same machine. It stops
 * by itself after the given time and talks only to the server it was given (or started).
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
		description = { "Simulates stations and boards against a line server and reports what it measured.",
				"Example: simulate --start-server --baseline --rate 1000 --duration 60s --json run.json" })
public final class Simulate implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Option(names = "--server", paramLabel = "URI", description = "The line server's WebSocket endpoint "
			+ "(default: ${DEFAULT-VALUE}). A host that is not this machine must be given here explicitly.",
			defaultValue = "ws://127.0.0.1:8080/ws")
	URI server;

	@Option(names = "--start-server", description = "Start the line server jar on 127.0.0.1 (a free port, a fresh H2 "
			+ "file, the simulated plant) and stop it at the end.")
	boolean startServer;

	@Option(names = "--stub-server", description = "Instead of a line server, start a stand-in on 127.0.0.1 that "
			+ "answers every command at once from memory (no database, no rules): to measure what the simulator itself "
			+ "costs at rates the line server cannot take yet. Its figures say nothing about the line server.")
	boolean stubServer;

	@Option(names = "--line-server-jar", paramLabel = "PATH", description = "The jar --start-server runs "
			+ "(default: ${DEFAULT-VALUE}).",
			defaultValue = "${sys:andon.lineServerJar:-line-server/target/line-server.jar}")
	Path lineServerJar;

	@Option(names = "--server-jvm-args", paramLabel = "ARGS", description = "JVM options of the started server "
			+ "(default: the systemd unit's: ${DEFAULT-VALUE}).",
			defaultValue = ProductionSettings.JVM_OPTIONS)
	String serverJvmArgs;

	@Option(names = "--server-arg", paramLabel = "--NAME=VALUE", description = "A property for the started server "
			+ "(repeatable), e.g. --server-arg=--andon.log.max-batch=512.")
	List<String> serverArgs = new ArrayList<>();

	@Option(names = "--server-pid", paramLabel = "PID", description = "The line server's process id, to report its "
			+ "resident memory when the simulator did not start it.")
	long serverPid;

	@Option(names = "--lines", defaultValue = "10", description = "Lines in the plant (default: ${DEFAULT-VALUE}).")
	int lines;

	@Option(names = "--stations-per-line", defaultValue = "20",
			description = "Stations on each line, in a row (default: ${DEFAULT-VALUE}).")
	int stationsPerLine;

	@Option(names = "--boards", defaultValue = "-1", description = "Board sessions following the lines' topics "
			+ "(default: one per line).")
	int boards;

	@Option(names = "--rate", split = ",", paramLabel = "PER_SECOND", description = "Events per second: hand-offs, "
			+ "and stops at the stop probability. A list (1000,2000,...) runs one measured phase per rate, one after "
			+ "the other on the same connections. 0 holds the sessions idle. Default: 100.")
	List<Double> rates;

	@Option(names = "--cadence", paramLabel = "DURATION", description = "One event every DURATION instead of --rate "
			+ "(for example 200ms: sparse traffic, where thread wake-up dominates).", converter = Durations.class)
	Duration cadence;

	@Option(names = "--reject-probability", defaultValue = "0.02", description = "Chance that a customer rejects a "
			+ "part handed to it (default: ${DEFAULT-VALUE}).")
	double rejectProbability;

	@Option(names = "--stop-probability", defaultValue = "0.002", description = "Chance that an event is a STOP "
			+ "instead of a hand-off, where a line has no stop open (default: ${DEFAULT-VALUE}).")
	double stopProbability;

	@Option(names = "--stop-hold", defaultValue = "500ms", converter = Durations.class,
			description = "How long the lead leaves a stop before resuming it (default: ${DEFAULT-VALUE}).")
	Duration stopHold;

	@Option(names = "--duration", defaultValue = "30s", converter = Durations.class,
			description = "Measured time at each rate (default: ${DEFAULT-VALUE}).")
	Duration duration;

	@Option(names = "--warmup", defaultValue = "5s", converter = Durations.class,
			description = "Unmeasured time before each rate (default: ${DEFAULT-VALUE}).")
	Duration warmup;

	@Option(names = "--baseline", description = "First run the raw-WebSocket baseline with the same clients and "
			+ "traffic at each rate, and give every latency as a multiple of it.")
	boolean baseline;

	@Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON.")
	Path json;

	@Option(names = "--write-plant", paramLabel = "FILE", description = "Only write the plant file for these sizes "
			+ "(for a server started by hand with --andon.topology=file:FILE) and exit.")
	Path writePlant;

	@Option(names = "--work-dir", paramLabel = "DIR", description = "Where the started server's database, plant "
			+ "file and logs go and stay (default: a new temporary folder, deleted after a run that went well).")
	Path workDir;

	@Option(names = "--client", defaultValue = "full", paramLabel = "full|light", description = "How stations are "
			+ "simulated. full: one station client library each (durable outbox, state folder, status rebuild, link "
			+ "probe), as on a real floor. light: each speaks the protocol itself over one WebSocket, all on a few "
			+ "shared threads, with no outbox, state or probe: for throughput runs, it costs the shared cores about half "
			+ "as much per command (ops/README.md) (default: ${DEFAULT-VALUE}).")
	ClientMode client;

	@Option(names = "--client-threads", defaultValue = "0", description = "Threads shared by the station clients; 0 "
			+ "gives each its own, as on a real floor (light: the worker threads all stations share; 0 gives 2) "
			+ "(default: ${DEFAULT-VALUE}).")
	int clientThreads;

	@Option(names = "--window", defaultValue = "0", paramLabel = "COMMANDS", description = "At most this many "
			+ "commands unanswered: a tick that finds the window full does nothing and is counted as held back, so the "
			+ "load becomes closed loop and cannot outrun the server (or the simulator). 0: open loop "
			+ "(default: ${DEFAULT-VALUE}).")
	int window;

	@Option(names = "--probe-every", converter = Durations.class, paramLabel = "DURATION", description = "How often "
			+ "an idle station client checks its link with a sync (default: the library's, 10s).")
	Duration probeEvery;

	@Option(names = "--seed", defaultValue = "1", description = "Seed of the event sequence (default: ${DEFAULT-VALUE}).")
	long seed;

	/** Kept here: java.util.logging holds its loggers weakly, and a collected one would forget its level. */
	private static final java.util.logging.Logger STATION_LOG = java.util.logging.Logger.getLogger("org.andon.station");

	public static void main(String[] args) {
		if (System.getProperty("java.util.logging.config.file") == null) {
			// every station's connection changes would drown the report; warnings still show
			STATION_LOG.setLevel(java.util.logging.Level.WARNING);
		}
		System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
	}

	/** Runs the command line with the given output streams; returns the exit code (0 done, 1 failed, 2 usage). */
	static int run(String[] args, PrintWriter out, PrintWriter err) {
		CommandLine cli = new CommandLine(new Simulate());
		cli.setOut(out);
		cli.setErr(err);
		cli.setCaseInsensitiveEnumValuesAllowed(true);
		return cli.execute(args);
	}

	@Override
	public Integer call() throws Exception {
		PrintWriter out = spec.commandLine().getOut();
		boolean explicitServer = spec.commandLine().getParseResult().hasMatchedOption("--server");
		if (boards < 0) {
			boards = lines;
		}
		Plant plant = new Plant(lines, stationsPerLine, boards);
		if (writePlant != null) {
			plant.write(writePlant);
			out.println("wrote " + writePlant + ": " + plant.stations() + " stations on " + lines + " lines, "
					+ boards + " boards; station tokens sim-<id in lower case>, passwords 'sim'");
			return 0;
		}
		List<Double> steps = cadence != null ? List.of(1e9 / cadence.toNanos()) : rates != null ? rates : List.of(100.0);
		if (cadence != null && rates != null) {
			throw new CommandLine.ParameterException(spec.commandLine(), "give --rate or --cadence, not both");
		}
		if (client == ClientMode.LIGHT && probeEvery != null) {
			throw new CommandLine.ParameterException(spec.commandLine(),
					"--probe-every is the station client library's link probe; --client light sends no probes");
		}
		if (stubServer && (startServer || explicitServer)) {
			throw new CommandLine.ParameterException(spec.commandLine(),
					"--stub-server runs a stand-in on 127.0.0.1; leave out --start-server and --server");
		}
		if (startServer && explicitServer) {
			throw new CommandLine.ParameterException(spec.commandLine(),
					"--start-server runs its own server on 127.0.0.1; leave out --server");
		}
		if (!explicitServer && !loopback(server)) {
			throw new CommandLine.ParameterException(spec.commandLine(), server.getHost() + " is not this machine; "
					+ "give --server explicitly to talk to it");
		}
		Path work = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("andon-sim");
		boolean ok = false;

		Map<String, Object> machine = machine();
		Map<String, Object> serverInfo = new LinkedHashMap<>();
		LineServerProcess child = null;
		Process stub = null;
		long pid = serverPid;
		try {
			if (stubServer) {
				int port = LineServerProcess.freePort();
				out.println("starting the stub server (answers at once from memory; NOT the line server) ...");
				stub = startStub(port, work);
				server = URI.create("ws://127.0.0.1:" + port + "/ws");
				pid = stub.pid();
				serverInfo.put("stub", true);
			}
			if (startServer) {
				Path plantFile = work.resolve("plant.yml");
				plant.write(plantFile);
				out.println("starting the line server (" + lineServerJar + ") with " + plant.stations()
						+ " stations in " + work + " ...");
				List<String> jvm = Arrays.asList(serverJvmArgs.trim().split("\\s+"));
				child = startServer(plantFile, work, jvm);
				server = child.ws();
				pid = child.pid();
				serverInfo.put("startedBySimulator", true);
				serverInfo.put("jvmArgs", jvm);
				serverInfo.put("args", serverArgs);
				serverInfo.put("log", child.logFile().toString());
			}
			serverInfo.put("uri", server.toString());
			serverInfo.put("pid", pid > 0 ? pid : null);
			Report report = new Report(settings(plant, steps), machine, serverInfo);

			Map<Double, RawBaseline.Result> floors = new LinkedHashMap<>();
			if (baseline) {
				out.println("raw-WebSocket baseline with " + (plant.stations() + plant.boards()) + " clients ...");
				try (RawBaseline raw = RawBaseline.start(plant, work)) {
					for (double rate : steps) {
						RawBaseline.Result r = raw.run(rate, stopProbability, warmup, duration, seed);
						floors.put(rate, r);
						report.baseline(r, ProcessMemory.loadAverage());
					}
				}
			}

			Path stateRoot = client == ClientMode.LIGHT ? null : stateRoot(work);
			out.println("connecting " + plant.stations() + " stations and " + boards + " boards to " + server + " ...");
			try (SimFloor floor = client == ClientMode.LIGHT
					? new LightFloor(plant, server, rejectProbability, stopProbability, stopHold)
					: new Floor(plant, server, stateRoot, rejectProbability, stopProbability, stopHold, probeEvery)) {
				long connecting = System.nanoTime();
				Phase connect = new Phase(0, false);
				try (RssWatch watch = new RssWatch(pid, connect)) {
					LineServerProcess started = child;
					floor.connect(clientThreads, Duration.ofSeconds(60 + plant.stations() / 4),
							() -> started == null || started.alive());
				}
				catch (Exception ex) {
					report.notConnected(floor.readyStations(), plant.stations(), (System.nanoTime() - connecting) / 1e9,
							connect.serverRssMaxKb, ex.toString());
					if (child != null && !child.alive()) {
						report.note("THE LINE SERVER DIED while the sessions connected; the end of its log:\n"
								+ child.tail());
					}
					return finish(report, out, 1);
				}
				report.connected(floor.sessions(), (System.nanoTime() - connecting) / 1e9, ProcessMemory.rssKb(pid),
						connect.serverRssMaxKb);
				List<Phase> measured = new ArrayList<>();
				ServerMetrics metrics = new ServerMetrics(server);
				long watchedPid = pid;
				SplittableRandom random = new SplittableRandom(seed);
				for (double rate : steps) {
					out.println(String.format(java.util.Locale.ROOT, "%s events/s: %d s warm-up, %d s measured ...",
							rate, warmup.toSeconds(), duration.toSeconds()));
					Phase warm = new Phase(rate, false);
					floor.enter(warm);
					Pacer.run(rate, warmup, ticks(floor, warm, random));
					Phase p = new Phase(rate, true);
					floor.enter(p);
					long self = ProcessHandle.current().pid();
					double serverCpu = ProcessMemory.cpuSeconds(watchedPid);
					Map<String, Double> serverThreads = ProcessMemory.cpuByThread(watchedPid);
					ServerMetrics.Snapshot timingsBefore = metrics.scrape();
					double ownCpu = ProcessMemory.cpuSeconds(self);
					Map<String, Double> ownThreads = ProcessMemory.simulatorCpuByThread();
					p.startNanos = System.nanoTime();
					try (RssWatch watch = new RssWatch(watchedPid, p)) {
						p.pacing = Pacer.run(rate, duration, ticks(floor, p, random));
					}
					p.endNanos = System.nanoTime();
					p.serverCpuSeconds = ProcessMemory.cpuSeconds(watchedPid) - serverCpu;
					p.serverCpuByThread = ProcessMemory.minus(ProcessMemory.cpuByThread(watchedPid), serverThreads);
					ServerMetrics.Snapshot timingsAfter = metrics.scrape();
					if (timingsBefore != null && timingsAfter != null) {
						// commands still queued at the end of the window are timed in the next one: a share, not exact
						p.serverTimings = timingsAfter.minus(timingsBefore);
					}
					p.simulatorCpuSeconds = ProcessMemory.cpuSeconds(self) - ownCpu;
					p.simulatorCpuByThread = ProcessMemory.minus(ProcessMemory.simulatorCpuByThread(), ownThreads);
					p.loadAtEnd = ProcessMemory.loadAverage();
					p.serverRssEndKb = ProcessMemory.rssKb(watchedPid);
					measured.add(p);
					if (child != null && !child.alive()) {
						report.note("THE LINE SERVER DIED during this phase; the end of its log:\n" + child.tail());
						break;
					}
				}
				floor.enter(new Phase(0, false));
				if (!floor.drain(Duration.ofSeconds(15))) {
					report.note("(some commands or HALTs were still outstanding 15 s after the last phase)");
				}
				for (Phase p : measured) {
					report.phase(p, StopRecord.missingHalts(p), floors.get(p.rate));
				}
				report.ramp();
			}
			ok = true;
			return finish(report, out, 0);
		}
		finally {
			if (child != null) {
				child.close();
			}
			if (stub != null) {
				stub.destroy();
				if (!stub.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
					stub.destroyForcibly();
				}
			}
			if (workDir == null && ok) {
				// a temporary folder of a run that went well: its database and logs are of no further use
				deleteTree(work);
			}
			else {
				out.println("the server's database and logs: " + work);
				out.flush();
			}
		}
	}

	/**
	 * The real line server jar as a child process on 127.0.0.1 (a free port, a fresh H2 file with the production URL
	 * options, the simulated plant), with the unit's memory settings; stopped with SIGTERM at the end.
	 */
	private LineServerProcess startServer(Path plantFile, Path work, List<String> jvm) {
		return PlantServer.launch(lineServerJar, plantFile, PlantServer.h2(work), serverArgs, work).jvmOptions(jvm)
			.environment(ProductionSettings.environmentBeyond(System.getenv())).start();
	}

	private static Process startStub(int port, Path work) throws java.io.IOException {
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
				"-cp", RawBaseline.absoluteClassPath(), StubLineServer.class.getName(), Integer.toString(port));
		Process p = new ProcessBuilder(command).directory(work.toFile())
			.redirectError(ProcessBuilder.Redirect.appendTo(work.resolve("stub-server.log").toFile())).start();
		String ready = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
				java.nio.charset.StandardCharsets.UTF_8)).readLine();
		if (ready == null || !ready.startsWith("READY")) {
			p.destroyForcibly();
			throw new IllegalStateException("the stub server did not start; see " + work.resolve("stub-server.log"));
		}
		return p;
	}

	/** How stations are simulated: through the station client library, or speaking the protocol directly. */
	enum ClientMode {
		FULL, LIGHT
	}

	/** One tick of the floor, unless the window of unanswered commands is full (then it is held back). */
	private Runnable ticks(SimFloor floor, Phase phase, SplittableRandom random) {
		if (window <= 0) {
			return () -> floor.tick(random);
		}
		return () -> {
			if (floor.inFlight() >= window) {
				phase.heldBack.increment();
			}
			else {
				floor.tick(random);
			}
		};
	}

	private static void deleteTree(Path root) {
		try (java.util.stream.Stream<Path> files = Files.walk(root)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
		}
		catch (java.io.IOException ex) {
			// left behind in the temporary folder
		}
	}

	private int finish(Report report, PrintWriter out, int exitCode) throws java.io.IOException {
		report.machine().put("loadAtEnd", ProcessMemory.loadAverage());
		out.print(report.text());
		if (json != null) {
			report.writeJson(json);
			out.println("\nJSON: " + json);
		}
		out.flush();
		return exitCode;
	}

	private Map<String, Object> settings(Plant plant, List<Double> steps) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("lines", plant.lines());
		m.put("stationsPerLine", plant.stationsPerLine());
		m.put("stations", plant.stations());
		m.put("boards", plant.boards());
		m.put("rates", steps);
		m.put("cadenceMillis", cadence == null ? null : cadence.toNanos() / 1e6);
		m.put("rejectProbability", rejectProbability);
		m.put("stopProbability", stopProbability);
		m.put("stopHoldMillis", stopHold.toMillis());
		m.put("warmupSeconds", warmup.toMillis() / 1000.0);
		m.put("durationSeconds", duration.toMillis() / 1000.0);
		m.put("baseline", baseline);
		m.put("client", client.name().toLowerCase(java.util.Locale.ROOT));
		m.put("clientThreads", clientThreads);
		m.put("window", window);
		m.put("probeEverySeconds", probeEvery == null ? null : probeEvery.toMillis() / 1000.0);
		m.put("seed", seed);
		m.put("commandLine", String.join(" ", spec.commandLine().getParseResult().originalArgs()));
		return m;
	}

	private static Map<String, Object> machine() {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("cores", Runtime.getRuntime().availableProcessors());
		long memKb = 0;
		try {
			for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
				if (line.startsWith("MemTotal:")) {
					memKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
		}
		catch (java.io.IOException | NumberFormatException ex) {
			// not Linux: leave 0
		}
		m.put("memoryMb", memKb / 1024);
		m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
		m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
		m.put("loadAtStart", ProcessMemory.loadAverage());
		return m;
	}

	/** Station state folders on tmpfs where there is one: the clients' fsyncs must not compete with the server's. */
	private static Path stateRoot(Path work) throws java.io.IOException {
		Path shm = Path.of("/dev/shm");
		if (Files.isDirectory(shm) && Files.isWritable(shm)) {
			return Files.createTempDirectory(shm, "andon-sim-stations");
		}
		return Files.createDirectories(work.resolve("stations"));
	}

	static boolean loopback(URI uri) {
		try {
			return InetAddress.getByName(uri.getHost()).isLoopbackAddress();
		}
		catch (java.net.UnknownHostException ex) {
			return false;
		}
	}

	/** Samples the server's resident memory every half second into a phase while open. */
	private static final class RssWatch implements AutoCloseable {

		private final Thread thread;
		private volatile boolean running = true;

		RssWatch(long pid, Phase phase) {
			thread = new Thread(() -> {
				while (running && pid > 0) {
					phase.sampleRss(ProcessMemory.rssKb(pid));
					java.util.concurrent.locks.LockSupport.parkNanos(500_000_000L);
				}
			}, "rss-watch");
			thread.setDaemon(true);
			thread.start();
		}

		@Override
		public void close() {
			running = false;
			thread.interrupt();
		}
	}

	/** Durations as people write them: 200ms, 30s, 2m, 1h (or ISO-8601 such as PT30S). */
	static final class Durations implements CommandLine.ITypeConverter<Duration> {

		private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

		@Override
		public Duration convert(String value) {
			Matcher m = SIMPLE.matcher(value.trim());
			if (!m.matches()) {
				return Duration.parse(value.trim());
			}
			double n = Double.parseDouble(m.group(1));
			double millis = switch (m.group(2)) {
				case "ms" -> n;
				case "s" -> n * 1_000;
				case "m" -> n * 60_000;
				default -> n * 3_600_000;
			};
			return Duration.ofNanos(Math.round(millis * 1_000_000));
		}
	}
}
