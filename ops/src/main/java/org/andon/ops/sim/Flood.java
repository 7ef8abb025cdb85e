package org.andon.ops.sim;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.andon.testsupport.LineServerProcess;

/**
 * The flood benchmark ({@code ops/bin/flood}): do the other stations keep their latency while one station floods?
 * A real line server jar (a child process on a fresh H2 file, the shipped per-sender share) serves {@code --stations}
 * entry stations that each scan a new part every {@code --interval} (one command in flight, as a worker does). The
 * run has two phases of {@code --phase} each on the same server: quiet, then with one station's credentials used
 * by {@code --flood-sessions} sessions that each keep {@code --flood-window} commands in flight, sending another the
 * moment one is answered (a looping script or a PLC gateway gone wrong), and sign in again a second after the server
 * closes them. It prints the other stations' command
 * latency in each phase, the flood's ratio to quiet, and what the flood got: commands answered, accepted (one
 * share) and refused RATE_LIMITED, a second.
 * <p>
 * Usage: {@code flood --help}.
 */
public final class Flood {

	private final int stations;
	private final Duration interval;
	private final Duration phase;
	private final int floodSessions;
	private final int floodWindow;
	private final Path jar;
	private final List<String> serverArgs;
	private final Plant plant;
	private final HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
	private final ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();

	/** Which phase commands sent now are measured in: 0 warm-up, 1 quiet, 2 flood, 3 done. */
	private volatile int current;
	private final Samples[] latency = { new Samples(), new Samples(), new Samples(), new Samples() };
	private final AtomicLong floodAnswered = new AtomicLong();
	private final AtomicLong floodAccepted = new AtomicLong();
	private final AtomicLong floodLimited = new AtomicLong();
	private final AtomicLong otherRefused = new AtomicLong();
	private final AtomicLong otherLinksLost = new AtomicLong();
	private final AtomicLong floodClosed = new AtomicLong();
	private final AtomicLong floodSignInsRefused = new AtomicLong();

	public Flood(int stations, Duration interval, Duration phase, int floodSessions, int floodWindow, Path jar,
			List<String> serverArgs) {
		this.stations = stations;
		this.interval = interval;
		this.phase = phase;
		this.floodSessions = floodSessions;
		this.floodWindow = floodWindow;
		this.jar = jar;
		this.serverArgs = serverArgs;
		this.plant = new Plant(stations + 1, 2, 0);
	}

	public static void main(String[] args) {
		// System.exit: the HTTP client's threads would keep the JVM alive after a failure
		System.exit(new picocli.CommandLine(new Cli()).execute(args));
	}

	/** {@code ops/bin/flood}'s options. */
	@picocli.CommandLine.Command(name = "flood", mixinStandardHelpOptions = true, sortOptions = false,
			usageHelpWidth = 110, description = { "Do the other stations keep their latency while one station floods? "
					+ "Exit code 1 if another station's command was refused or its link lost.",
					"Example: flood --stations=50 --interval=500 --flood-sessions=4" })
	static final class Cli implements java.util.concurrent.Callable<Integer> {

		@picocli.CommandLine.Option(names = "--stations", defaultValue = "50",
				description = "Stations scanning parts (default: ${DEFAULT-VALUE}).")
		int stations;

		@picocli.CommandLine.Option(names = "--interval", paramLabel = "MS", defaultValue = "500",
				description = "Each station scans a part this often (default: ${DEFAULT-VALUE} ms).")
		long intervalMillis;

		@picocli.CommandLine.Option(names = "--phase", paramLabel = "S", defaultValue = "30",
				description = "Seconds of the quiet phase and of the flood (default: ${DEFAULT-VALUE}).")
		long phaseSeconds;

		@picocli.CommandLine.Option(names = "--flood-sessions", defaultValue = "4",
				description = "Sessions with the flooding station's credentials (default: ${DEFAULT-VALUE}).")
		int floodSessions;

		@picocli.CommandLine.Option(names = "--flood-window", defaultValue = "64",
				description = "Commands each keeps in flight (default: ${DEFAULT-VALUE}).")
		int floodWindow;

		@picocli.CommandLine.Option(names = "--line-server-jar", paramLabel = "JAR",
				defaultValue = "${sys:andon.lineServerJar:-line-server/target/line-server.jar}",
				description = "The line server jar (default: ${DEFAULT-VALUE}).")
		Path jar;

		@picocli.CommandLine.Option(names = "--server-arg", paramLabel = "--NAME=VALUE",
				description = "A property for the started server (repeatable).")
		List<String> serverArgs = new ArrayList<>();

		@Override
		public Integer call() throws Exception {
			Figures f = new Flood(stations, Duration.ofMillis(intervalMillis), Duration.ofSeconds(phaseSeconds),
					floodSessions, floodWindow, jar, serverArgs).run();
			System.out.println(f.text());
			return f.otherRefused() == 0 && f.otherLinksLost() == 0 ? 0 : 1;
		}
	}

	/** What a flood run measured: the other stations' latency quiet and flooded, and what the flood got. */
	public record Figures(int stations, Duration interval, Duration phase, int floodSessions, int floodWindow,
			Samples.Latency quiet, Samples.Latency flooded, double floodAnsweredPerSecond,
			double floodAcceptedPerSecond, double floodLimitedPerSecond, long floodSessionsClosed,
			long floodSignInsRefused, long otherRefused, long otherLinksLost) {

		public Samples.Ratio ratio() {
			return flooded.over(quiet);
		}

		public String text() {
			return String.format(Locale.ROOT, """
					flood: %d stations scanning a part every %d ms; one station's credentials in %d sessions, %d \
					commands in flight each; %d s a phase
					  other stations, quiet:   %s
					  other stations, flooded: %s
					  flooded / quiet:         %s
					  the flood, a second:     %.0f answered, %.0f accepted, %.0f refused RATE_LIMITED (averaged \
					over the phase, closed and barred time included)
					  flooding sessions closed by the server: %d; their sign-ins again refused: %d
					  other stations' commands refused: %d; their links lost: %d""", stations, interval.toMillis(),
					floodSessions, floodWindow, phase.toSeconds(), quiet.text(), flooded.text(), ratio().text(),
					floodAnsweredPerSecond, floodAcceptedPerSecond, floodLimitedPerSecond, floodSessionsClosed,
					floodSignInsRefused, otherRefused, otherLinksLost);
		}
	}

	public Figures run() throws Exception {
		Path work = Files.createTempDirectory("andon-flood");
		Path plantFile = work.resolve("flood-plant.yml");
		plant.write(plantFile);
		try (LineServerProcess server = PlantServer.launch(jar, plantFile, PlantServer.h2(work), serverArgs, work)
			.jvmOptions(List.of(ProductionSettings.JVM_OPTIONS.split(" "))).start()) {
			URI ws = server.ws();
			List<Scanner> floor = new ArrayList<>();
			CountDownLatch ready = new CountDownLatch(stations);
			for (int l = 0; l < stations; l++) {
				Scanner s = new Scanner(plant.stationId(l, 0), ready);
				floor.add(s);
				s.open(ws);
			}
			String flooder = plant.stationId(stations, 0);
			List<Flooder> flood = new ArrayList<>();
			for (int i = 0; i < floodSessions; i++) {
				flood.add(new Flooder(flooder));
			}
			if (!ready.await(2, TimeUnit.MINUTES)) {
				throw new IllegalStateException("not every session signed in within 2 minutes");
			}
			floor.forEach(s -> pace.scheduleAtFixedRate(s::scan, (long) (Math.random() * interval.toMillis()),
					interval.toMillis(), TimeUnit.MILLISECONDS));
			Thread.sleep(Math.min(10_000, phase.toMillis())); // warm-up: the JIT, the pools, the first batches
			current = 1;
			Thread.sleep(phase.toMillis());
			long answered = floodAnswered.get();
			long accepted = floodAccepted.get();
			long limited = floodLimited.get();
			current = 2;
			long floodStarted = System.nanoTime();
			flood.forEach(f -> f.open(ws));
			Thread.sleep(phase.toMillis());
			current = 3;
			double seconds = (System.nanoTime() - floodStarted) / 1e9;
			Figures f = new Figures(stations, interval, phase, floodSessions, floodWindow, latency[1].summary(),
					latency[2].summary(), (floodAnswered.get() - answered) / seconds,
					(floodAccepted.get() - accepted) / seconds, (floodLimited.get() - limited) / seconds,
					floodClosed.get(), floodSignInsRefused.get(), otherRefused.get(), otherLinksLost.get());
			flood.forEach(Flooder::stop);
			floor.forEach(Scanner::close);
			return f;
		}
		finally {
			pace.shutdownNow();
		}
	}

	private static String receive(String station, String id) {
		return "SEND\ndestination:/app/commands\ncontent-type:application/json\n\n{\"commandId\":\"" + id
				+ "\",\"type\":\"RECEIVE\",\"stationId\":\"" + station + "\",\"partSerial\":\"FL-" + id.substring(0, 13)
				+ "\"}\0";
	}

	/** A station a worker runs: a new part every interval, never two commands in flight. */
	private final class Scanner implements StompSocket.Handler {

		private final String id;
		private final CountDownLatch ready;
		private final StompSocket socket;
		private volatile boolean connected;
		/** The command in flight and when it was sent, or null. */
		private volatile String inFlight;
		private volatile long sentAt;
		private volatile int sentInPhase;

		Scanner(String id, CountDownLatch ready) {
			this.id = id;
			this.ready = ready;
			this.socket = new StompSocket(id, this);
		}

		void open(URI ws) {
			socket.open(http, ws, id, Plant.token(id));
		}

		void scan() {
			if (!connected || inFlight != null || current == 3) {
				return;
			}
			String commandId = UUID.randomUUID().toString();
			sentInPhase = current;
			sentAt = System.nanoTime();
			inFlight = commandId;
			socket.send(receive(id, commandId));
		}

		@Override
		public void connected(StompSocket s) {
			s.subscribe("results", "/user/queue/results");
			connected = true;
			ready.countDown();
		}

		@Override
		public void message(String subscription, String body) {
			long now = System.nanoTime();
			if (inFlight == null || !inFlight.equals(LeanJson.string(body, "commandId"))) {
				return;
			}
			if (!"ACCEPTED".equals(LeanJson.string(body, "status"))) {
				otherRefused.incrementAndGet();
			}
			else if (sentInPhase == current) {
				latency[sentInPhase].add(now - sentAt);
			}
			inFlight = null;
		}

		@Override
		public void closed(String why) {
			if (connected && current != 3) {
				otherLinksLost.incrementAndGet(); // its samples stop: the figures say so
			}
			connected = false;
		}

		void close() {
			socket.close();
		}
	}

	/**
	 * One session of the flooding station at a time: a window of commands in flight, refilled as each is answered.
	 * Closed by the server, it signs in again a second later, as a looping script would.
	 */
	private final class Flooder {

		private final String id;
		private volatile Session session;
		private volatile URI server;
		private volatile boolean stopped;

		/** Signs in when its phase starts ({@link #open}). */
		Flooder(String id) {
			this.id = id;
		}

		void open(URI ws) {
			server = ws;
			Session s = new Session();
			session = s;
			s.socket.open(http, ws, id, Plant.token(id));
		}

		void stop() {
			stopped = true;
			Session s = session;
			if (s != null) {
				s.socket.close();
			}
		}

		/** One sign-in of the flooder: its socket, its commands in flight, and whether its end was seen. */
		private final class Session implements StompSocket.Handler {

			final StompSocket socket = new StompSocket(id + "-flood", this);
			private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();
			private volatile boolean signedIn;
			private boolean ended;

			@Override
			public void connected(StompSocket s) {
				signedIn = true;
				s.subscribe("results", "/user/queue/results");
				for (int i = 0; i < floodWindow; i++) {
					send();
				}
			}

			private void send() {
				if (stopped) {
					return;
				}
				String commandId = UUID.randomUUID().toString();
				inFlight.put(commandId, true);
				socket.send(receive(id, commandId));
			}

			@Override
			public void message(String subscription, String body) {
				if (inFlight.remove(LeanJson.string(body, "commandId")) == null) {
					return;
				}
				floodAnswered.incrementAndGet();
				if ("ACCEPTED".equals(LeanJson.string(body, "status"))) {
					floodAccepted.incrementAndGet();
				}
				else if ("RATE_LIMITED".equals(LeanJson.string(body, "code"))) {
					floodLimited.incrementAndGet();
				}
				send();
			}

			/** The socket reports its end once or twice (an ERROR frame, then the close): one end, one new sign-in. */
			@Override
			public synchronized void closed(String why) {
				if (ended) {
					return;
				}
				ended = true;
				(signedIn ? floodClosed : floodSignInsRefused).incrementAndGet();
				if (!stopped) {
					pace.schedule(() -> open(server), 1, TimeUnit.SECONDS);
				}
			}
		}
	}
}
