package org.andon.ops.sim;

import java.lang.reflect.Type;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

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

/**
 * A person signed in over STOMP, speaking the documented protocol: the shift lead who resumes stops, or a board that
 * follows a line's topic. (Stations go through the station client library; it has no person's commands.)
 */
final class PersonSession implements AutoCloseable {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final StompSession session;
	private final Map<String, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();

	private PersonSession(StompSession session) {
		this.session = session;
	}

	/** One client for every person of a run; its WebSocket container keeps Tomcat's small default buffers. */
	static WebSocketStompClient client() {
		WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
		client.setMessageConverter(new RawJson());
		return client;
	}

	/**
	 * Signs in, subscribes to the results and pages queues (and, for a board, to {@code /topic/line.LINE} with every
	 * entry handed to {@code entries}), and returns once a sync reply shows the subscriptions are in place.
	 */
	static PersonSession connect(WebSocketStompClient client, URI server, String username, String password,
			String lineId, Consumer<JsonNode> entries) throws Exception {
		StompHeaders connect = new StompHeaders();
		connect.setLogin(username);
		connect.setPasscode(password);
		connect.setHeartbeat(new long[] { 0, 0 });
		CompletableFuture<StompSession> refused = new CompletableFuture<>();
		CompletableFuture<StompSession> connected = client.connectAsync(server, (WebSocketHttpHeaders) null, connect,
				new StompSessionHandlerAdapter() {
					@Override
					public Type getPayloadType(StompHeaders headers) {
						return byte[].class;
					}

					@Override
					public void handleFrame(StompHeaders headers, Object payload) {
						refused.completeExceptionally(new IllegalStateException(username + " was refused: "
								+ headers.getFirst("message")));
					}
				});
		StompSession s = (StompSession) CompletableFuture.anyOf(connected, refused).get(30, TimeUnit.SECONDS);
		PersonSession person = new PersonSession(s);
		CompletableFuture<JsonNode> synced = new CompletableFuture<>();
		s.subscribe("/user/queue/results", frames(person::result));
		s.subscribe("/user/queue/pages", frames(page -> {
		}));
		if (entries != null) {
			s.subscribe("/topic/line." + lineId, frames(entries));
		}
		s.subscribe("/user/queue/sync", frames(synced::complete));
		person.send("/app/sync", Map.of("lineId", lineId));
		synced.get(30, TimeUnit.SECONDS);
		return person;
	}

	/** Sends a command (a fresh commandId is added); the future completes with its result. */
	CompletableFuture<JsonNode> command(Map<String, Object> fields) {
		String commandId = UUID.randomUUID().toString();
		Map<String, Object> body = new java.util.LinkedHashMap<>(fields);
		body.put("commandId", commandId);
		CompletableFuture<JsonNode> result = new CompletableFuture<>();
		waiting.put(commandId, result);
		send("/app/commands", body);
		return result;
	}

	private void result(JsonNode r) {
		CompletableFuture<JsonNode> f = waiting.remove(r.path("commandId").asString(""));
		if (f != null) {
			f.complete(r);
		}
	}

	private void send(String destination, Object body) {
		StompHeaders h = new StompHeaders();
		h.setDestination(destination);
		h.setContentType(MimeTypeUtils.APPLICATION_JSON);
		session.send(h, JSON.writeValueAsBytes(body));
	}

	private static StompFrameHandler frames(Consumer<JsonNode> sink) {
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

	boolean connected() {
		return session.isConnected();
	}

	@Override
	public void close() {
		if (session.isConnected()) {
			try {
				session.disconnect();
			}
			catch (RuntimeException alreadyGone) {
				// closing anyway
			}
		}
	}

	/** Bodies as raw JSON bytes both ways. */
	private static final class RawJson extends AbstractMessageConverter {

		RawJson() {
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
