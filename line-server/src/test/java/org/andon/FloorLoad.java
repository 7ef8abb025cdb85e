package org.andon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every station of the demo line FA1 as its own STOMP session, driving parts through the line at a high rate without
 * waiting for each result: the entry stations RECEIVE and PASS new serials, each customer ACCEPTs what its supplier
 * passed (it learns of it from the supplier's ACCEPTED result, the moment its PART_INCOMING push would leave) and
 * PASSes it on, a few parts are REJECTed back and reworked, and PACK completes them. Each station sends from one
 * thread and keeps an outbox: every command is recorded with its exact body before it is sent ({@link Ledger}).
 */
final class FloorLoad implements AutoCloseable {

	static final List<String> STATIONS = List.of("FRAME", "SEAT-CUT", "WELD", "SEAT-SEW", "PAINT", "ASSY", "TEST",
			"PACK");

	/** Each station's one direct customer on FA1; PACK has none (its PASS completes the part). */
	static final Map<String, String> CUSTOMER = Map.of("FRAME", "WELD", "WELD", "PAINT", "PAINT", "ASSY", "SEAT-CUT",
			"SEAT-SEW", "SEAT-SEW", "ASSY", "ASSY", "TEST", "TEST", "PACK");

	/** A command as the station sent it: the exact bytes, to resend unchanged. */
	record Sent(long order, String station, String commandId, String type, String serial, byte[] body) {

		@Override
		public String toString() {
			return type + " " + serial + " at " + station + " (" + commandId + ")";
		}
	}

	/** What the stations sent and were answered, across server runs. */
	static final class Ledger {

		final Map<String, Sent> sent = new ConcurrentHashMap<>();
		final Map<String, List<Sent>> outboxes = new ConcurrentHashMap<>();
		final Map<String, JsonNode> answered = new ConcurrentHashMap<>();
		final List<JsonNode> refusals = new CopyOnWriteArrayList<>();
		final Set<String> completed = ConcurrentHashMap.newKeySet();
		final Map<String, String> supplier = new ConcurrentHashMap<>();
		final Set<String> rejectedOnce = ConcurrentHashMap.newKeySet();
		private final AtomicLong order = new AtomicLong();
		private final AtomicInteger serials = new AtomicInteger();
		private final AtomicLong received = new AtomicLong();

		Sent record(String station, Map<String, Object> body) {
			Sent s = new Sent(order.incrementAndGet(), station, (String) body.get("commandId"),
					(String) body.get("type"), (String) body.get("partSerial"),
					StationSession.JSON.writeValueAsBytes(body));
			sent.put(s.commandId(), s);
			if (s.type().equals("RECEIVE")) {
				received.incrementAndGet();
			}
			outboxes.computeIfAbsent(station, k -> Collections.synchronizedList(new ArrayList<>())).add(s);
			return s;
		}

		int sentCount() {
			return sent.size();
		}

		int answeredCount() {
			return answered.size();
		}

		List<Sent> all() {
			return sent.values().stream().sorted(Comparator.comparingLong(Sent::order)).toList();
		}

		List<Sent> unanswered() {
			return all().stream().filter(s -> !answered.containsKey(s.commandId())).toList();
		}

		long partsReceivedSent() {
			return received.get();
		}

		String nextSerial(String prefix) {
			return prefix + "-" + serials.incrementAndGet();
		}
	}

	/** Where every part must be once every sent command is applied once, replayed in the order of its seq. */
	static final class Expected {

		final Set<String> parts = new HashSet<>();
		final Map<String, String> holder = new HashMap<>();
		final Map<String, String> pending = new HashMap<>();
		final Set<String> withDefect = new HashSet<>();

		static Expected replay(Ledger ledger) {
			Expected e = new Expected();
			Map<String, String> passedBy = new HashMap<>();
			List<Sent> bySeq = new ArrayList<>(ledger.sent.values());
			for (Sent s : bySeq) {
				assertThat(ledger.answered).as("an answer for %s", s).containsKey(s.commandId());
			}
			bySeq.sort(Comparator.comparingLong(s -> ledger.answered.get(s.commandId()).path("seq").asLong()));
			for (Sent s : bySeq) {
				String serial = s.serial();
				switch (s.type()) {
					case "RECEIVE" -> {
						e.parts.add(serial);
						e.holder.put(serial, s.station());
					}
					case "PASS" -> {
						e.holder.remove(serial);
						String customer = CUSTOMER.get(s.station());
						if (customer != null) {
							e.pending.put(serial, customer);
							passedBy.put(serial, s.station());
						}
					}
					case "ACCEPT" -> {
						e.pending.remove(serial);
						e.holder.put(serial, s.station());
					}
					case "REJECT" -> {
						e.pending.remove(serial);
						e.holder.put(serial, passedBy.get(serial));
						e.withDefect.add(serial);
					}
					case "CLEAR_DEFECT" -> e.withDefect.remove(serial);
					default -> throw new IllegalStateException(s.toString());
				}
			}
			return e;
		}

		List<String> pendingAt(String station) {
			return pending.entrySet().stream().filter(x -> x.getValue().equals(station)).map(Map.Entry::getKey)
				.sorted().toList();
		}

		List<String> heldAt(String station) {
			return holder.entrySet().stream().filter(x -> x.getValue().equals(station)).map(Map.Entry::getKey)
				.sorted().toList();
		}
	}

	private final Ledger ledger;
	private final boolean rejects;
	private final Map<String, StationSession> sessions = new LinkedHashMap<>();
	private final Map<String, BlockingQueue<List<Map<String, Object>>>> work = new HashMap<>();
	private final List<Thread> threads = new ArrayList<>();
	private final ScheduledExecutorService newParts = Executors.newSingleThreadScheduledExecutor();
	private volatile boolean stopping;

	private FloorLoad(Ledger ledger, boolean rejects) {
		this.ledger = ledger;
		this.rejects = rejects;
	}

	/** Signs every station in; {@code rejects}: a few parts are rejected once at PAINT and at ASSY. */
	static FloorLoad connect(int port, Ledger ledger, boolean rejects) throws Exception {
		FloorLoad floor = new FloorLoad(ledger, rejects);
		for (String station : STATIONS) {
			floor.sessions.put(station, StationSession.station(port, station));
			floor.work.put(station, new LinkedBlockingQueue<>());
		}
		return floor;
	}

	StationSession session(String station) {
		return sessions.get(station);
	}

	/**
	 * Starts the stations' threads and feeds both entry stations one new part each per {@code period}, as long as
	 * fewer than {@code maxInFlow} parts are on the line: the rate then follows what the server answers (1,000
	 * commands/s and more on an idle machine), and up to two commands per part are in flight.
	 */
	void startNewParts(Duration period, int maxInFlow) {
		startThreads();
		newParts.scheduleAtFixedRate(() -> {
			if (ledger.partsReceivedSent() - ledger.completed.size() < maxInFlow) {
				String frame = ledger.nextSerial("F");
				enqueue("FRAME", cmd("RECEIVE", "FRAME", frame), cmd("PASS", "FRAME", frame));
				String seat = ledger.nextSerial("S");
				enqueue("SEAT-CUT", cmd("RECEIVE", "SEAT-CUT", seat), cmd("PASS", "SEAT-CUT", seat));
			}
		}, 0, period.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Starts {@code parts} new frames and as many seats at once, on top of the steady flow. */
	void burst(int parts) {
		for (int i = 0; i < parts; i++) {
			String frame = ledger.nextSerial("F");
			enqueue("FRAME", cmd("RECEIVE", "FRAME", frame), cmd("PASS", "FRAME", frame));
			String seat = ledger.nextSerial("S");
			enqueue("SEAT-CUT", cmd("RECEIVE", "SEAT-CUT", seat), cmd("PASS", "SEAT-CUT", seat));
		}
	}

	/** Nothing waits to be sent and every sent command has its answer. */
	boolean idle() {
		return work.values().stream().allMatch(BlockingQueue::isEmpty)
				&& ledger.answeredCount() == ledger.sentCount();
	}

	/** After the server died: stop feeding, wait until every session saw its connection close, stop the threads. */
	void awaitDisconnectedAndStop() throws InterruptedException {
		newParts.shutdownNow();
		stopping = true;
		await().atMost(Duration.ofSeconds(30))
			.until(() -> sessions.values().stream().noneMatch(StationSession::connected));
		join();
	}

	/** Resends commands unchanged, each station its own in their original order, and returns their results. */
	Map<String, JsonNode> resend(List<Sent> commands) throws InterruptedException {
		Map<String, List<Sent>> byStation = new LinkedHashMap<>();
		commands.forEach(s -> byStation.computeIfAbsent(s.station(), k -> new ArrayList<>()).add(s));
		byStation.forEach((station, list) -> list.forEach(s -> session(station).sendTo("/app/commands", s.body())));
		Map<String, JsonNode> results = new HashMap<>();
		for (Map.Entry<String, List<Sent>> e : byStation.entrySet()) {
			Set<String> ids = new HashSet<>();
			e.getValue().forEach(s -> ids.add(s.commandId()));
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (!ids.isEmpty() && System.nanoTime() < deadline) {
				JsonNode r = session(e.getKey()).results.poll(100, TimeUnit.MILLISECONDS);
				if (r != null) {
					String id = r.path("commandId").asString(null);
					assertThat(ids.remove(id)).as("an answer to a resent command: %s", r).isTrue();
					results.put(id, r);
					Sent s = ledger.sent.get(id);
					ledger.answered.put(id, r);
					if (s.type().equals("PASS") && s.station().equals("PACK") && accepted(r)) {
						ledger.completed.add(s.serial());
					}
				}
			}
			assertThat(ids).as("resent commands of %s without an answer", e.getKey()).isEmpty();
		}
		return results;
	}

	/** Goes on from the expected state: every station accepts what waits for it and passes on what it holds. */
	void continueFrom(Expected expected) {
		startThreads();
		expected.pending.forEach((serial, station) -> enqueue(station, cmd("ACCEPT", station, serial),
				cmd("PASS", station, serial)));
		expected.holder.forEach((serial, station) -> {
			if (expected.withDefect.contains(serial)) {
				enqueue(station, clear(station, serial), cmd("PASS", station, serial));
			}
			else {
				enqueue(station, cmd("PASS", station, serial));
			}
		});
	}

	void awaitIdleAndStop() throws InterruptedException {
		await().atMost(Duration.ofSeconds(60)).until(this::idle);
		stopping = true;
		join();
	}

	private void startThreads() {
		for (String station : STATIONS) {
			Thread sender = new Thread(() -> send(station), "send-" + station);
			Thread dispatcher = new Thread(() -> dispatch(station), "results-" + station);
			threads.add(sender);
			threads.add(dispatcher);
			sender.start();
			dispatcher.start();
		}
	}

	private void join() throws InterruptedException {
		for (Thread t : threads) {
			t.join(TimeUnit.SECONDS.toMillis(10));
			assertThat(t.isAlive()).as(t.getName()).isFalse();
		}
		threads.clear();
	}

	/** The station's one sending thread: records each command in the outbox, then sends it. */
	private void send(String station) {
		BlockingQueue<List<Map<String, Object>>> queue = work.get(station);
		StationSession session = session(station);
		try {
			while (!stopping) {
				List<Map<String, Object>> batch = queue.poll(100, TimeUnit.MILLISECONDS);
				if (batch == null) {
					continue;
				}
				for (Map<String, Object> body : batch) {
					if (stopping) {
						return;
					}
					Sent s = ledger.record(station, body);
					try {
						session.sendTo("/app/commands", s.body());
					}
					catch (RuntimeException serverGone) {
						// the command stays in the outbox: it is resent after the restart
					}
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The station's results: each answer is noted, and an accepted one sets the next station to work. */
	private void dispatch(String station) {
		StationSession session = session(station);
		try {
			while (true) {
				JsonNode r = session.results.poll(100, TimeUnit.MILLISECONDS);
				if (r == null) {
					if (stopping) {
						return;
					}
					continue;
				}
				Sent s = ledger.sent.get(r.path("commandId").asString(null));
				if (s == null) {
					ledger.refusals.add(r);
					continue;
				}
				ledger.answered.put(s.commandId(), r);
				if (!accepted(r)) {
					ledger.refusals.add(r);
					continue;
				}
				followUp(s);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void followUp(Sent s) {
		String serial = s.serial();
		switch (s.type()) {
			case "PASS" -> {
				String customer = CUSTOMER.get(s.station());
				if (customer == null) {
					ledger.completed.add(serial);
					return;
				}
				ledger.supplier.put(serial, s.station());
				// codes without an origin: one that names its origin would put the parts around it on hold
				// (containment) and stop this scripted flow, which no quality inspector answers
				String code = !rejects ? null : customer.equals("PAINT") ? "SCRATCH"
						: customer.equals("ASSY") && s.station().equals("SEAT-SEW") ? "MISSING-PART" : null;
				if (code != null && Math.floorMod(serial.hashCode(), 25) == 0 && ledger.rejectedOnce.add(serial)) {
					Map<String, Object> reject = cmd("REJECT", customer, serial);
					reject.put("defectCode", code);
					reject.put("note", "found at " + customer + " under load");
					enqueue(customer, reject);
				}
				else {
					enqueue(customer, cmd("ACCEPT", customer, serial), cmd("PASS", customer, serial));
				}
			}
			case "REJECT" -> {
				String supplier = ledger.supplier.get(serial);
				enqueue(supplier, clear(supplier, serial), cmd("PASS", supplier, serial));
			}
			default -> {
				// RECEIVE, ACCEPT, CLEAR_DEFECT: the PASS that follows was sent right behind it
			}
		}
	}

	@SafeVarargs
	private void enqueue(String station, Map<String, Object>... commands) {
		work.get(station).add(List.of(commands));
	}

	private static boolean accepted(JsonNode r) {
		return "ACCEPTED".equals(r.path("status").asString(null));
	}

	private static Map<String, Object> clear(String station, String serial) {
		Map<String, Object> c = cmd("CLEAR_DEFECT", station, serial);
		c.put("resolution", "REWORKED");
		return c;
	}

	private static Map<String, Object> cmd(String type, String station, String serial) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("commandId", UUID.randomUUID().toString());
		body.put("type", type);
		body.put("stationId", station);
		body.put("partSerial", serial);
		return body;
	}

	@Override
	public void close() {
		newParts.shutdownNow();
		stopping = true;
		sessions.values().forEach(StationSession::close);
		try {
			join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
