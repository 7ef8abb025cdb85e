package org.andon.ops;

import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

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
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

import static org.assertj.core.api.Assertions.fail;

/**
 * A station or a person signed in to a running line server over STOMP, speaking only the documented protocol (JSON
 * commands to {@code /app/commands}, one result each on {@code /user/queue/results}).
 */
final class LineSession implements AutoCloseable {

	static final JsonMapper JSON = JsonMapper.builder().build();
	private static final long WAIT_SECONDS = 15;

	private final StompSession session;
	private final String login;
	private final BlockingQueue<JsonNode> results = new LinkedBlockingQueue<>();
	private final BlockingQueue<JsonNode> syncs = new LinkedBlockingQueue<>();
	private final BlockingQueue<JsonNode> pushes = new LinkedBlockingQueue<>();
	private final List<String> errors = new CopyOnWriteArrayList<>();

	private LineSession(StompSession session, String login) {
		this.session = session;
		this.login = login;
	}

	/** A station of the demo plant, signed in with its demo token (FRAME / demo-frame). */
	static LineSession station(int port, String stationId) throws Exception {
		return connect(port, stationId, "demo-" + stationId.toLowerCase().replace("-", ""), Map.of());
	}

	/** A person of the demo plant (lead, supervisor, quality, admin), signed in with the demo password. */
	static LineSession person(int port, String username, String lineId) throws Exception {
		return connect(port, username, "demo", Map.of("lineId", lineId));
	}

	private static LineSession connect(int port, String login, String passcode, Map<String, ?> syncBody)
			throws Exception {
		WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
		client.setMessageConverter(new JsonBytes());
		StompHeaders connect = new StompHeaders();
		connect.setLogin(login);
		connect.setPasscode(passcode);
		CompletableFuture<StompSession> refused = new CompletableFuture<>();
		CompletableFuture<StompSession> connected = client.connectAsync("ws://127.0.0.1:" + port + "/ws",
				(WebSocketHttpHeaders) null, connect, new StompSessionHandlerAdapter() {
					@Override
					public Type getPayloadType(StompHeaders headers) {
						return byte[].class;
					}

					@Override
					public void handleFrame(StompHeaders headers, Object payload) {
						refused.completeExceptionally(
								new IllegalStateException(login + " refused: " + headers.getFirst("message")));
					}
				});
		StompSession s = (StompSession) CompletableFuture.anyOf(connected, refused).get(WAIT_SECONDS, TimeUnit.SECONDS);
		LineSession line = new LineSession(s, login);
		s.subscribe("/user/queue/results", line.into(line.results));
		s.subscribe("/user/queue/sync", line.into(line.syncs));
		s.subscribe("/user/queue/station", line.into(line.pushes));
		// the sync reply comes back through a subscription registered after the ones above: once it is here, the
		// server routes results to this session too
		line.sendTo("/app/sync", JSON.writeValueAsBytes(syncBody));
		if (line.syncs.poll(WAIT_SECONDS, TimeUnit.SECONDS) == null) {
			fail("no sync reply for " + login + "; errors: " + line.errors);
		}
		return line;
	}

	/** Sends a command made of key/value pairs (a fresh commandId is added) and returns its result. */
	JsonNode command(Object... keyValues) throws Exception {
		Map<String, Object> body = new LinkedHashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) {
			body.put((String) keyValues[i], keyValues[i + 1]);
		}
		String commandId = UUID.randomUUID().toString();
		body.put("commandId", commandId);
		sendTo("/app/commands", JSON.writeValueAsBytes(body));
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
		while (System.nanoTime() < deadline) {
			JsonNode r = results.poll(100, TimeUnit.MILLISECONDS);
			if (r != null && commandId.equals(r.path("commandId").asString(null))) {
				return r;
			}
		}
		return fail("no result for " + body + " at " + login + "; errors: " + errors);
	}

	/** Waits for the next push of the given type to this station (STATE, HALT, ...) and returns it. */
	JsonNode push(String type) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
		while (System.nanoTime() < deadline) {
			JsonNode p = pushes.poll(100, TimeUnit.MILLISECONDS);
			if (p != null && type.equals(p.path("type").asString(null))) {
				return p;
			}
		}
		return fail("no " + type + " push for " + login + "; errors: " + errors);
	}

	/** Sends a command that must be ACCEPTED; returns its result. */
	JsonNode accepted(Object... keyValues) throws Exception {
		JsonNode result = command(keyValues);
		if (!"ACCEPTED".equals(result.path("status").asString())) {
			fail("expected ACCEPTED for " + List.of(keyValues) + " at " + login + ", got " + result);
		}
		return result;
	}

	/** Sends a command that must be REJECTED with {@code code}. */
	void rejected(String code, Object... keyValues) throws Exception {
		JsonNode result = command(keyValues);
		if (!"REJECTED".equals(result.path("status").asString()) || !code.equals(result.path("code").asString())) {
			fail("expected REJECTED " + code + " for " + List.of(keyValues) + " at " + login + ", got " + result);
		}
	}

	private void sendTo(String destination, byte[] body) {
		StompHeaders h = new StompHeaders();
		h.setDestination(destination);
		h.setContentType(MimeTypeUtils.APPLICATION_JSON);
		session.send(h, body);
	}

	private StompFrameHandler into(BlockingQueue<JsonNode> sink) {
		return new StompFrameHandler() {
			@Override
			public Type getPayloadType(StompHeaders headers) {
				return byte[].class;
			}

			@Override
			public void handleFrame(StompHeaders headers, Object payload) {
				try {
					sink.add(JSON.readTree((byte[]) payload));
				}
				catch (RuntimeException ex) {
					errors.add("unreadable frame: " + ex.getMessage());
				}
			}
		};
	}

	@Override
	public void close() {
		if (session.isConnected()) {
			session.disconnect();
		}
	}

	/** Frames as raw JSON bytes both ways, so what is sent is exactly what the protocol documents. */
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
}
