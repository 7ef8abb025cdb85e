package org.andon.testsupport;

import java.lang.reflect.Type;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * A station or a person signed in to a line server over a real STOMP-over-WebSocket connection, speaking only the
 * documented wire protocol (JSON commands to {@code /app/commands}, one result each on {@code /user/queue/results},
 * pushes, pages, line topic, sync), the way a station, a lead's phone or a board would.
 * <p>
 * What arrives is kept in the public collections ({@link #results}, {@link #pushes}, {@link #lineEvents},
 * {@link #pages}, {@link #syncs}) unless {@link SignIn} hands a kind to a consumer instead (the simulator's long runs).
 */
public final class StationSession implements AutoCloseable {

	public static final JsonMapper JSON = JsonMapper.builder().build();

	/** How long the blocking calls wait for an answer. */
	public static final Duration WAIT = Duration.ofSeconds(30);

	private final StompSession session;
	public final String login;
	/** Results no blocking call was waiting for (pipelined commands, raw commands without an id). */
	public final BlockingQueue<JsonNode> results = new LinkedBlockingQueue<>();
	public final List<JsonNode> pushes = new CopyOnWriteArrayList<>();
	public final List<JsonNode> lineEvents = new CopyOnWriteArrayList<>();
	public final List<JsonNode> pages = new CopyOnWriteArrayList<>();
	public final BlockingQueue<JsonNode> syncs = new LinkedBlockingQueue<>();
	public final List<String> errors = new CopyOnWriteArrayList<>();

	private final Map<String, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
	private final Arrivals arrivals = new Arrivals();
	private int pushesTaken;

	StationSession(StompSession session, String login) {
		this.session = session;
		this.login = login;
	}

	/** A station of the demo plant, signed in with its demo token (FRAME / demo-frame). */
	public static StationSession station(int port, String stationId) throws Exception {
		return connect(port, stationId, "demo-" + stationId.toLowerCase().replace("-", ""), null);
	}

	/** A person of the demo plant (lead, supervisor, quality, admin, ...) with the demo password, following a line. */
	public static StationSession person(int port, String username, String lineId) throws Exception {
		return connect(port, username, "demo", lineId);
	}

	/**
	 * Connects to the server on 127.0.0.1:{@code port}, subscribes to its queues (with a {@code lineTopic}: also to
	 * that line's topic and the pages queue, caught up from the start), and returns once a sync reply shows the
	 * server has registered them.
	 */
	public static StationSession connect(int port, String login, String passcode, String lineTopic)
			throws Exception {
		SignIn signIn = signIn(URI.create("ws://127.0.0.1:" + port + "/ws"), login, passcode);
		return (lineTopic == null ? signIn : signIn.line(lineTopic).catchUpFromStart()).connect();
	}

	/** The way to sign in with every choice open: which line, where the frames go, which client, heartbeats. */
	public static SignIn signIn(URI server, String login, String passcode) {
		return new SignIn(server, login, passcode);
	}

	StompFrameHandler into(Consumer<JsonNode> sink) {
		return new StompFrameHandler() {
			@Override
			public Type getPayloadType(StompHeaders headers) {
				return byte[].class;
			}

			@Override
			public void handleFrame(StompHeaders headers, Object payload) {
				try {
					sink.accept(JSON.readTree((byte[]) payload));
				}
				catch (RuntimeException ex) {
					errors.add("unreadable frame on " + headers.getDestination() + ": " + ex.getMessage());
				}
				arrivals.signal();
			}
		};
	}

	void result(JsonNode result) {
		CompletableFuture<JsonNode> waiter = waiting.remove(result.path("commandId").asString(""));
		if (waiter != null) {
			waiter.complete(result);
		}
		else {
			results.add(result);
		}
	}

	/** Sends /app/sync and waits for its reply. */
	public JsonNode sync(Map<String, ?> body) throws InterruptedException {
		sendTo("/app/sync", JSON.writeValueAsBytes(body));
		JsonNode reply = syncs.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
		if (reply == null) {
			throw new AssertionError("no sync reply for " + login + " within " + WAIT + "; errors: " + errors);
		}
		return reply;
	}

	/** Sends a command made of key/value pairs (a commandId is added when absent) and returns its result. */
	public JsonNode command(Object... keyValues) throws Exception {
		Map<String, Object> body = fields(keyValues);
		body.putIfAbsent("commandId", UUID.randomUUID().toString());
		return send(body);
	}

	/** Sends a command that must be ACCEPTED; returns its result. */
	public JsonNode accepted(Object... keyValues) throws Exception {
		JsonNode result = command(keyValues);
		if (!"ACCEPTED".equals(result.path("status").asString())) {
			throw new AssertionError("expected ACCEPTED for " + List.of(keyValues) + " at " + login + ", got "
					+ result);
		}
		return result;
	}

	/** Sends a command that must be REJECTED with {@code code}; returns its result. */
	public JsonNode rejected(String code, Object... keyValues) throws Exception {
		JsonNode result = command(keyValues);
		if (!"REJECTED".equals(result.path("status").asString()) || !code.equals(result.path("code").asString())) {
			throw new AssertionError("expected REJECTED " + code + " for " + List.of(keyValues) + " at " + login
					+ ", got " + result);
		}
		return result;
	}

	/** Sends a command body as it is and returns its result. */
	public JsonNode send(Map<String, Object> body) throws Exception {
		return sendRaw(JSON.writeValueAsBytes(body), (String) body.get("commandId"));
	}

	/** Sends any bytes as a command and returns the result carrying {@code commandId} (null: the next result). */
	public JsonNode sendRaw(byte[] body, String commandId) throws Exception {
		if (commandId == null) {
			sendTo("/app/commands", body);
			JsonNode next = results.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
			if (next == null) {
				throw new AssertionError("no result at " + login + " within " + WAIT + "; errors: " + errors);
			}
			return next;
		}
		CompletableFuture<JsonNode> result = expect(commandId);
		sendTo("/app/commands", body);
		try {
			return result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (TimeoutException ex) {
			waiting.remove(commandId, result);
			throw new AssertionError("no result for command " + commandId + " at " + login + " within " + WAIT
					+ "; errors: " + errors);
		}
	}

	/** Sends a command (a fresh commandId is added) without waiting; the future completes with its result. */
	public CompletableFuture<JsonNode> commandAsync(Map<String, Object> fields) {
		Map<String, Object> body = new LinkedHashMap<>(fields);
		String commandId = UUID.randomUUID().toString();
		body.put("commandId", commandId);
		CompletableFuture<JsonNode> result = expect(commandId);
		sendTo("/app/commands", JSON.writeValueAsBytes(body));
		return result;
	}

	private CompletableFuture<JsonNode> expect(String commandId) {
		CompletableFuture<JsonNode> result = new CompletableFuture<>();
		waiting.put(commandId, result);
		return result;
	}

	/** Sends a command without waiting; its result arrives on {@link #results}. Returns its commandId. */
	public String pipeline(Object... keyValues) {
		Map<String, Object> body = fields(keyValues);
		String id = UUID.randomUUID().toString();
		body.put("commandId", id);
		sendTo("/app/commands", JSON.writeValueAsBytes(body));
		return id;
	}

	/** Waits (up to {@link #WAIT}) for {@code n} results of pipelined commands; returns those that came. */
	public List<JsonNode> takeResults(int n) throws InterruptedException {
		List<JsonNode> taken = new ArrayList<>();
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (taken.size() < n) {
			long left = deadline - System.nanoTime();
			JsonNode r = left > 0 ? results.poll(left, TimeUnit.NANOSECONDS) : null;
			if (r == null) {
				return taken;
			}
			taken.add(r);
		}
		return taken;
	}

	/** Sends JSON bytes to any destination. */
	public void sendTo(String destination, byte[] body) {
		StompHeaders h = new StompHeaders();
		h.setDestination(destination);
		h.setContentType(MimeTypeUtils.APPLICATION_JSON);
		session.send(h, body);
	}

	/** Waits for a push of the given type matching the condition (any received so far counts) and returns it. */
	public JsonNode awaitPush(String type, Predicate<JsonNode> condition) throws InterruptedException {
		int at = arrivals.await(() -> find(type, condition, 0), WAIT);
		if (at < 0) {
			throw new AssertionError("no " + type + " push for " + login + " within " + WAIT + "; pushes: "
					+ pushTypes() + "; errors: " + errors);
		}
		return pushes.get(at);
	}

	/** Waits for the next push of the given type after the one this method returned last, and returns it. */
	public synchronized JsonNode push(String type) throws InterruptedException {
		int from = pushesTaken;
		int at = arrivals.await(() -> find(type, p -> true, from), WAIT);
		if (at < 0) {
			throw new AssertionError("no " + type + " push for " + login + " within " + WAIT + "; pushes: "
					+ pushTypes() + "; errors: " + errors);
		}
		pushesTaken = at + 1;
		return pushes.get(at);
	}

	private int find(String type, Predicate<JsonNode> condition, int from) {
		for (int i = from; i < pushes.size(); i++) {
			JsonNode p = pushes.get(i);
			if (type.equals(p.path("type").asString(null)) && condition.test(p)) {
				return i;
			}
		}
		return -1;
	}

	/** The types of the pushes received so far, in order. */
	public List<String> pushTypes() {
		List<String> types = new ArrayList<>();
		pushes.forEach(p -> types.add(p.path("type").asString()));
		return types;
	}

	public boolean connected() {
		return session.isConnected();
	}

	/** A string of {@code n} ASCII characters (for size limits). */
	public static String bytes(int n) {
		return "x".repeat(n);
	}

	public static byte[] utf8(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private static Map<String, Object> fields(Object... keyValues) {
		Map<String, Object> body = new LinkedHashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) {
			body.put((String) keyValues[i], keyValues[i + 1]);
		}
		return body;
	}

	@Override
	public void close() {
		if (session.isConnected()) {
			try {
				session.disconnect();
			}
			catch (RuntimeException serverAlreadyGone) {
				// the server died under the session (crash tests): nothing left to close politely
			}
		}
	}

	/** Signing in step by step; {@link #connect()} returns once the subscriptions are in place. */
	public static final class SignIn {

		private final URI server;
		private final String login;
		private final String passcode;
		private String lineId;
		private boolean catchUpFromStart;
		private boolean topic = true;
		private boolean heartbeats = true;
		private WebSocketStompClient client;
		private Consumer<JsonNode> lineEvents;
		private Consumer<JsonNode> pages;

		private SignIn(URI server, String login, String passcode) {
			this.server = server;
			this.login = login;
			this.passcode = passcode;
		}

		/** Follows this line: its topic and the pages queue, and the sync names it. */
		public SignIn line(String id) {
			this.lineId = id;
			return this;
		}

		/** The first sync asks for the line's topic from sequence 0 (a board that replays everything). */
		public SignIn catchUpFromStart() {
			this.catchUpFromStart = true;
			return this;
		}

		/** Follows the line's pages and syncs with it, but not its topic (a lead who only resumes stops). */
		public SignIn withoutLineTopic() {
			this.topic = false;
			return this;
		}

		/** Each entry of the line's topic goes to {@code sink} instead of {@link StationSession#lineEvents}. */
		public SignIn onLineEvent(Consumer<JsonNode> sink) {
			this.lineEvents = sink;
			return this;
		}

		/** Each page goes to {@code sink} instead of {@link StationSession#pages}. */
		public SignIn onPage(Consumer<JsonNode> sink) {
			this.pages = sink;
			return this;
		}

		/** One client shared by many sessions (default: a new one with frames up to 1 MiB). */
		public SignIn client(WebSocketStompClient shared) {
			this.client = shared;
			return this;
		}

		/** Asks for no STOMP heartbeats (thousands of idle sessions in a simulation). */
		public SignIn withoutHeartbeats() {
			this.heartbeats = false;
			return this;
		}

		public StationSession connect() throws Exception {
			StompHeaders connect = new StompHeaders();
			connect.setLogin(login);
			connect.setPasscode(passcode);
			if (!heartbeats) {
				connect.setHeartbeat(new long[] { 0, 0 });
			}
			List<String> errors = new CopyOnWriteArrayList<>();
			CompletableFuture<StompSession> refused = new CompletableFuture<>();
			WebSocketStompClient stomp = client != null ? client : StompClients.withFramesUpTo(1024 * 1024);
			CompletableFuture<StompSession> connected = stomp.connectAsync(server, (WebSocketHttpHeaders) null,
					connect, new StompSessionHandlerAdapter() {
						@Override
						public Type getPayloadType(StompHeaders headers) {
							return byte[].class;
						}

						@Override
						public void handleFrame(StompHeaders headers, Object payload) {
							errors.add(headers.getFirst("message"));
							refused.completeExceptionally(new IllegalStateException(login + " was refused: "
									+ headers.getFirst("message")));
						}

						@Override
						public void handleTransportError(StompSession session, Throwable exception) {
							errors.add(String.valueOf(exception.getMessage()));
						}
					});
			StompSession s;
			try {
				s = (StompSession) CompletableFuture.anyOf(connected, refused).get(WAIT.toSeconds(), TimeUnit.SECONDS);
			}
			catch (ExecutionException ex) {
				throw ex.getCause() instanceof Exception cause ? cause : ex;
			}
			StationSession station = new StationSession(s, login);
			station.errors.addAll(errors);
			s.subscribe("/user/queue/results", station.into(station::result));
			s.subscribe("/user/queue/station", station.into(station.pushes::add));
			s.subscribe("/user/queue/sync", station.into(station.syncs::add));
			Map<String, Object> sync = new LinkedHashMap<>();
			if (lineId != null) {
				if (topic) {
					s.subscribe("/topic/line." + lineId, station.into(lineEvents != null ? lineEvents
							: station.lineEvents::add));
				}
				s.subscribe("/user/queue/pages", station.into(pages != null ? pages : station.pages::add));
				if (catchUpFromStart) {
					sync.put("since", 0);
				}
				sync.put("lineId", lineId);
			}
			// the sync reply comes back through a subscription registered after the ones above: once it is here,
			// the server routes results, pushes and pages to this session too
			station.sync(sync);
			return station;
		}
	}
}
