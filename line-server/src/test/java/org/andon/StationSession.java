package org.andon;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.AbstractMessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real STOMP-over-WebSocket client for tests, speaking only the documented wire protocol (JSON in, JSON out), the
 * way a station or a board would.
 */
final class StationSession implements AutoCloseable {

	static final JsonMapper JSON = JsonMapper.builder().build();
	private static final Duration WAIT = Duration.ofSeconds(30);

	private final StompSession session;
	final String login;
	final BlockingQueue<JsonNode> results = new LinkedBlockingQueue<>();
	final List<JsonNode> pushes = new CopyOnWriteArrayList<>();
	final List<JsonNode> lineEvents = new CopyOnWriteArrayList<>();
	final List<JsonNode> pages = new CopyOnWriteArrayList<>();
	final BlockingQueue<JsonNode> syncs = new LinkedBlockingQueue<>();
	final List<String> errors = new CopyOnWriteArrayList<>();

	private StationSession(StompSession session, String login) {
		this.session = session;
		this.login = login;
	}

	/** Connects, subscribes to its queues (and the line topic), and waits until the server has registered them. */
	static StationSession connect(int port, String login, String passcode, String lineTopic) throws Exception {
		// Catch-up replies can be large: accept frames up to the server's transport limit (Tomcat's default is 8 KiB).
		jakarta.websocket.WebSocketContainer container = jakarta.websocket.ContainerProvider.getWebSocketContainer();
		container.setDefaultMaxTextMessageBufferSize(1024 * 1024);
		WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient(container));
		client.setInboundMessageSizeLimit(1024 * 1024);
		client.setMessageConverter(new JsonBytes());
		StompHeaders connect = new StompHeaders();
		connect.setLogin(login);
		connect.setPasscode(passcode);
		List<String> errors = new CopyOnWriteArrayList<>();
		java.util.concurrent.CompletableFuture<StompSession> refused = new java.util.concurrent.CompletableFuture<>();
		java.util.concurrent.CompletableFuture<StompSession> connected = client.connectAsync(
				"ws://127.0.0.1:" + port + "/ws", (org.springframework.web.socket.WebSocketHttpHeaders) null, connect,
				new StompSessionHandlerAdapter() {
					@Override
					public Type getPayloadType(StompHeaders headers) {
						return byte[].class;
					}

					@Override
					public void handleFrame(StompHeaders headers, Object payload) {
						errors.add(headers.getFirst("message"));
						refused.completeExceptionally(new IllegalStateException("ERROR frame: "
								+ headers.getFirst("message")));
					}

					@Override
					public void handleTransportError(StompSession session, Throwable exception) {
						errors.add(String.valueOf(exception.getMessage()));
					}
				});
		StompSession s = (StompSession) java.util.concurrent.CompletableFuture.anyOf(connected, refused)
			.get(10, TimeUnit.SECONDS);
		StationSession station = new StationSession(s, login);
		station.errors.addAll(errors);
		s.subscribe("/user/queue/results", station.into(station.results::add));
		s.subscribe("/user/queue/station", station.into(station.pushes::add));
		s.subscribe("/user/queue/sync", station.into(station.syncs::add));
		if (lineTopic != null) {
			s.subscribe("/topic/line." + lineTopic, station.into(station.lineEvents::add));
			s.subscribe("/user/queue/pages", station.into(station.pages::add));
		}
		station.sync(lineTopic == null ? Map.of() : Map.of("since", 0, "lineId", lineTopic));
		return station;
	}

	static StationSession station(int port, String stationId) throws Exception {
		return connect(port, stationId, "demo-" + stationId.toLowerCase().replace("-", ""), null);
	}

	static StationSession person(int port, String username, String lineId) throws Exception {
		return connect(port, username, "demo", lineId);
	}

	private StompFrameHandler into(java.util.function.Consumer<JsonNode> sink) {
		return new StompFrameHandler() {
			@Override
			public Type getPayloadType(StompHeaders headers) {
				return byte[].class;
			}

			@Override
			public void handleFrame(StompHeaders headers, Object payload) {
				sink.accept(JSON.readTree((byte[]) payload));
			}
		};
	}

	/** Sends /app/sync and waits for its reply. */
	JsonNode sync(Map<String, ?> body) throws Exception {
		sendTo("/app/sync", JSON.writeValueAsBytes(body));
		JsonNode reply = syncs.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
		assertThat(reply).as("sync reply for " + login).isNotNull();
		return reply;
	}

	/** Sends a command (a commandId is added when absent) and returns its result. */
	JsonNode command(Object... keyValues) throws Exception {
		Map<String, Object> body = new LinkedHashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) {
			body.put((String) keyValues[i], keyValues[i + 1]);
		}
		body.putIfAbsent("commandId", UUID.randomUUID().toString());
		return send(body);
	}

	JsonNode send(Map<String, Object> body) throws Exception {
		return sendRaw(JSON.writeValueAsBytes(body), (String) body.get("commandId"));
	}

	/** Sends any bytes as a command and returns the result carrying {@code commandId} (null: the next result). */
	JsonNode sendRaw(byte[] body, String commandId) throws Exception {
		sendTo("/app/commands", body);
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (System.nanoTime() < deadline) {
			JsonNode r = results.poll(100, TimeUnit.MILLISECONDS);
			if (r != null && (commandId == null || commandId.equals(r.path("commandId").asString(null)))) {
				return r;
			}
		}
		throw new AssertionError("no result for command " + commandId + " at " + login + "; errors: " + errors);
	}

	/** Sends a command without waiting; its result arrives on {@link #results}. Returns its commandId. */
	String pipeline(Object... keyValues) {
		Map<String, Object> body = new LinkedHashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) {
			body.put((String) keyValues[i], keyValues[i + 1]);
		}
		String id = UUID.randomUUID().toString();
		body.put("commandId", id);
		sendTo("/app/commands", JSON.writeValueAsBytes(body));
		return id;
	}

	/** Waits for {@code n} results of pipelined commands. */
	List<JsonNode> takeResults(int n) throws InterruptedException {
		List<JsonNode> taken = new ArrayList<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (taken.size() < n && System.nanoTime() < deadline) {
			JsonNode r = results.poll(100, TimeUnit.MILLISECONDS);
			if (r != null) {
				taken.add(r);
			}
		}
		return taken;
	}

	void sendTo(String destination, byte[] body) {
		StompHeaders h = new StompHeaders();
		h.setDestination(destination);
		h.setContentType(MimeTypeUtils.APPLICATION_JSON);
		session.send(h, body);
	}

	/** Waits for a push of the given type matching the condition and returns it. */
	JsonNode awaitPush(String type, Predicate<JsonNode> condition) {
		JsonNode[] found = new JsonNode[1];
		await().atMost(WAIT).until(() -> {
			for (JsonNode p : pushes) {
				if (type.equals(p.path("type").asString(null)) && condition.test(p)) {
					found[0] = p;
					return true;
				}
			}
			return false;
		});
		return found[0];
	}

	List<String> pushTypes() {
		List<String> types = new ArrayList<>();
		pushes.forEach(p -> types.add(p.path("type").asString()));
		return types;
	}

	boolean connected() {
		return session.isConnected();
	}

	static String bytes(int n) {
		return "x".repeat(n);
	}

	static byte[] utf8(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	/** Frames as raw JSON bytes both ways, so the test sees exactly what is on the wire. */
	private static final class JsonBytes extends AbstractMessageConverter {

		JsonBytes() {
			super(MimeTypeUtils.APPLICATION_JSON);
		}

		@Override
		protected boolean supports(Class<?> clazz) {
			return clazz == byte[].class;
		}

		@Override
		protected Object convertFromInternal(Message<?> message, Class<?> targetClass, Object conversionHint) {
			return message.getPayload();
		}

		@Override
		protected Object convertToInternal(Object payload, MessageHeaders headers, Object conversionHint) {
			return payload;
		}
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
}
