package org.andon.ops.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import org.andon.testsupport.LineServerProcess;

/**
 * The machine's floor for the same clients: as many raw WebSocket clients as the simulation has stations and boards,
 * arranged in the same lines, against {@link RawBroadcastServer} in its own JVM on 127.0.0.1, with the same pattern
 * of traffic: per tick a hand-off (a command answered to the sender and pushed to the customer and the line's
 * boards, then the customer's command answered and pushed to the boards) or, with the stop probability, a stop (a
 * command answered to the sender and pushed to every station downstream and the line's boards). Times are taken where
 * the frame comes off the client's socket.
 */
final class RawBaseline implements AutoCloseable {

	private final Plant plant;
	private final Process server;
	private final WebSocketContainer container;
	private final List<Session> clients = new ArrayList<>();
	private final Map<Long, Event> events = new ConcurrentHashMap<>();
	private final AtomicLong ids = new AtomicLong();
	private volatile Window window;

	private RawBaseline(Plant plant, Process server) {
		this.plant = plant;
		this.server = server;
		this.container = ContainerProvider.getWebSocketContainer();
	}

	/** What one baseline run measured. */
	record Result(int clients, double rate, long commands, Samples.Latency commandAck, long stops,
			Samples.Latency stopToHalt, Samples.Latency stopToLastHalt, long missingPushes, long serverRssKb) {
	}

	/** Starts the baseline server from this program's own class path and connects every client. */
	static RawBaseline start(Plant plant, Path workDir) throws Exception {
		int port = LineServerProcess.freePort();
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
				"-cp", absoluteClassPath(), RawBroadcastServer.class.getName(),
				Integer.toString(port));
		Process p = new ProcessBuilder(command).directory(workDir.toFile())
			.redirectError(ProcessBuilder.Redirect.appendTo(workDir.resolve("raw-baseline.log").toFile())).start();
		RawBaseline baseline = new RawBaseline(plant, p);
		try {
			BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
			String ready = out.readLine();
			if (ready == null || !ready.startsWith("READY")) {
				throw new IllegalStateException("the raw baseline server did not start; see "
						+ workDir.resolve("raw-baseline.log"));
			}
			baseline.connect(URI.create("ws://127.0.0.1:" + port + "/raw"));
		}
		catch (Exception ex) {
			baseline.close();
			throw ex;
		}
		return baseline;
	}

	/** This program's class path with every entry made absolute: the server runs in another folder. */
	static String absoluteClassPath() {
		StringJoiner cp = new StringJoiner(java.io.File.pathSeparator);
		for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
			cp.add(Path.of(entry).toAbsolutePath().toString());
		}
		return cp.toString();
	}

	private int clientCount() {
		return plant.stations() + plant.boards();
	}

	private void connect(URI uri) throws Exception {
		int n = clientCount();
		CountDownLatch hellos = new CountDownLatch(n);
		for (int i = 0; i < n; i++) {
			int index = i;
			Session s = container.connectToServer(new Endpoint() {
				@Override
				public void onOpen(Session session, EndpointConfig config) {
					session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
						if (text.startsWith("hello")) {
							hellos.countDown();
						}
						else {
							received(index, text, System.nanoTime());
						}
					});
				}
			}, ClientEndpointConfig.Builder.create().build(), uri);
			clients.add(s);
			send(index, "hello " + index);
		}
		if (!hellos.await(60 + n / 20, TimeUnit.SECONDS)) {
			throw new IllegalStateException("not every baseline client was registered");
		}
	}

	/** Runs the traffic: {@code warmup} unmeasured, then {@code length} measured; waits briefly for stragglers. */
	Result run(double rate, double stopProbability, Duration warmup, Duration length, long seed)
			throws InterruptedException {
		SplittableRandom random = new SplittableRandom(seed);
		window = new Window(false);
		Pacer.run(rate, warmup, () -> tick(random, stopProbability));
		Window measured = new Window(true);
		window = measured;
		Pacer.run(rate, length, () -> tick(random, stopProbability));
		window = new Window(false);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (System.nanoTime() < deadline && measured.open.get() > 0) {
			Thread.sleep(20);
		}
		long missing = 0;
		for (Event e : events.values()) {
			if (e.window == measured && e.stop) {
				missing += e.expected.size() - e.arrived.get();
			}
		}
		events.values().removeIf(e -> e.window == measured);
		return new Result(clientCount(), rate, measured.commands.get(), measured.acks.summary(), measured.stops.get(),
				measured.halts.summary(), measured.lastHalts.summary(), missing, ProcessMemory.rssKb(server.pid()));
	}

	private void tick(SplittableRandom random, double stopProbability) {
		int line = random.nextInt(plant.lines());
		int position = random.nextInt(plant.stationsPerLine() - 1);
		int from = index(line, position);
		if (random.nextDouble() < stopProbability) {
			List<Integer> downstream = new ArrayList<>();
			for (int p = position + 1; p < plant.stationsPerLine(); p++) {
				downstream.add(index(line, p));
			}
			command(from, line, true, downstream);
		}
		else {
			command(from, line, false, List.of(index(line, position + 1)));
		}
	}

	private void command(int from, int line, boolean stop, List<Integer> stations) {
		Window w = window;
		long id = ids.incrementAndGet();
		Event e = new Event(w, stop, stop ? stations : List.of(), !stop && !stations.isEmpty() ? stations.get(0) : -1,
				line, System.nanoTime());
		events.put(id, e);
		w.commands.incrementAndGet();
		w.open.incrementAndGet();
		if (stop) {
			w.stops.incrementAndGet();
		}
		StringJoiner to = new StringJoiner(",");
		stations.forEach(s -> to.add(Integer.toString(s)));
		for (int b = 0; b < plant.boards(); b++) {
			if (plant.lineOfBoard(b) == line) {
				to.add(Integer.toString(plant.stations() + b));
			}
		}
		send(from, "cmd " + id + " " + (to.length() == 0 ? "-" : to.toString()));
	}

	private void received(int client, String text, long at) {
		int first = text.indexOf(' ');
		int second = text.indexOf(' ', first + 1);
		long id = Long.parseLong(text.substring(first + 1, second < 0 ? text.length() : second));
		Event e = events.get(id);
		if (e == null) {
			return;
		}
		if (text.startsWith("res")) {
			if (e.window.measured) {
				e.window.acks.add(at - e.sent);
			}
			if (!e.stop && e.customer < 0) {
				e.done();
			}
		}
		else if (e.stop && e.expected.contains(client)) {
			if (e.window.measured) {
				e.window.halts.add(at - e.sent);
			}
			if (e.arrived.incrementAndGet() == e.expected.size()) {
				if (e.window.measured) {
					e.window.lastHalts.add(at - e.sent);
				}
				e.done();
			}
		}
		else if (!e.stop && client == e.customer) {
			// the customer accepts the part: one more command, answered to it and shown on the line's boards
			e.done();
			command(client, e.line, false, List.of());
		}
	}

	private void send(int client, String text) {
		Session s = clients.get(client);
		synchronized (s) {
			try {
				s.getBasicRemote().sendText(text);
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}
	}

	@Override
	public void close() {
		for (Session s : clients) {
			try {
				s.close();
			}
			catch (IOException | RuntimeException ignored) {
				// going anyway
			}
		}
		if (container instanceof org.apache.tomcat.websocket.WsWebSocketContainer tomcat) {
			tomcat.destroy();
		}
		server.destroy();
		try {
			if (!server.waitFor(20, TimeUnit.SECONDS)) {
				server.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			server.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private int index(int line, int position) {
		return line * plant.stationsPerLine() + position;
	}

	/** The samples of one stretch of traffic: warm-up (thrown away) or the measured window. */
	private static final class Window {

		final boolean measured;
		final Samples acks = new Samples();
		final Samples halts = new Samples();
		final Samples lastHalts = new Samples();
		final AtomicLong commands = new AtomicLong();
		final AtomicLong stops = new AtomicLong();
		final AtomicInteger open = new AtomicInteger();

		Window(boolean measured) {
			this.measured = measured;
		}
	}

	private static final class Event {

		final Window window;
		final boolean stop;
		final List<Integer> expected;
		final int customer;
		final int line;
		final long sent;
		final AtomicInteger arrived = new AtomicInteger();
		final java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();

		Event(Window window, boolean stop, List<Integer> expected, int customer, int line, long sent) {
			this.window = window;
			this.stop = stop;
			this.expected = expected;
			this.customer = customer;
			this.line = line;
			this.sent = sent;
		}

		void done() {
			if (finished.compareAndSet(false, true)) {
				window.open.decrementAndGet();
			}
		}
	}
}
