package org.andon.station.link;

import java.lang.reflect.Type;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.AbstractMessageConverter;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * Links over STOMP 1.2 on WebSocket, with Spring's STOMP client on Tomcat's WebSocket client. Bodies stay raw JSON
 * bytes both ways. A link accepts frames up to {@code maxFrameBytes} ({@link #DEFAULT_MAX_FRAME_BYTES} unless given)
 * and costs only Tomcat's small buffers (about 40 KB) until a frame larger than them arrives: see
 * {@link WholeMessages}. One factory's links share one Tomcat container, so a gateway hosting many stations uses one.
 */
public final class StompLinkFactory implements LinkFactory {

	/**
	 * 8 MiB. The largest frames the server sends a station are its catch-up reply (at most the server's
	 * {@code andon.protocol.catch-up-limit}, 1,000 by default, of pushes of at most about 3.5 KiB: a note is at most
	 * 500 characters) and the STATE snapshot (the station's stops, calls and parts, a few KiB); a board's catch-up page
	 * has the same bound. That is 3.5 MiB at worst at the default catch-up limit; typical replies are tens of KiB. A
	 * server with a higher catch-up limit needs clients with a higher limit (docs/protocol.md, size limits).
	 */
	public static final int DEFAULT_MAX_FRAME_BYTES = 8 * 1024 * 1024;

	/** Tomcat's message buffers per link, allocated at full size when a link opens; larger frames come in pieces. */
	static final int TOMCAT_MESSAGE_BUFFER = 8 * 1024;
	static final String RESULTS = "/user/queue/results";
	static final String STATION = "/user/queue/station";
	static final String SYNC = "/user/queue/sync";

	private final WebSocketContainer container;
	private final WebSocketStompClient client;

	/** Links that accept frames of up to {@link #DEFAULT_MAX_FRAME_BYTES}. */
	public StompLinkFactory() {
		this(DEFAULT_MAX_FRAME_BYTES);
	}

	/**
	 * Links that accept frames of up to {@code maxFrameBytes}; a larger frame ends the link with a reason naming the
	 * limit (and the client reconnects). The memory is only taken while such a frame arrives.
	 */
	public StompLinkFactory(int maxFrameBytes) {
		this(maxFrameBytes, null);
	}

	/**
	 * Links that accept frames of up to {@code maxFrameBytes} and, for {@code wss://} servers, trust what
	 * {@code tls} trusts ({@link PlantTrust}); null: the JVM's trust store.
	 */
	public StompLinkFactory(int maxFrameBytes, javax.net.ssl.SSLContext tls) {
		if (maxFrameBytes < TOMCAT_MESSAGE_BUFFER) {
			throw new IllegalArgumentException("maxFrameBytes must be at least " + TOMCAT_MESSAGE_BUFFER);
		}
		container = ContainerProvider.getWebSocketContainer();
		// the binary size also sizes the buffer the handshake reply is read into, kept for the link's life
		container.setDefaultMaxTextMessageBufferSize(TOMCAT_MESSAGE_BUFFER);
		container.setDefaultMaxBinaryMessageBufferSize(TOMCAT_MESSAGE_BUFFER);
		StandardWebSocketClient socketClient = new StandardWebSocketClient(container);
		if (tls != null) {
			socketClient.setSslContext(tls);
		}
		client = new WebSocketStompClient(new WholeMessages(socketClient, maxFrameBytes));
		client.setInboundMessageSizeLimit(maxFrameBytes);
		client.setMessageConverter(new RawJson());
	}

	@Override
	public CompletableFuture<Link> open(URI server, String login, String passcode, LinkHandler handler) {
		StompHeaders connect = new StompHeaders();
		connect.setLogin(login);
		connect.setPasscode(passcode);
		// The server does not send heart-beats; the client watches the link with sync probes instead.
		connect.setHeartbeat(new long[] { 0, 0 });
		CompletableFuture<Link> opened = new CompletableFuture<>();
		SessionEvents events = new SessionEvents(handler, opened);
		client.connectAsync(server, null, connect, events).whenComplete((session, ex) -> {
			if (ex != null) {
				opened.completeExceptionally(ex);
				return;
			}
			try {
				StompLink link = new StompLink(session, events.closed);
				session.subscribe(RESULTS, frames(RESULTS, handler, events.closed));
				session.subscribe(STATION, frames(STATION, handler, events.closed));
				session.subscribe(SYNC, frames(SYNC, handler, events.closed));
				if (!opened.complete(link)) {
					link.close();
				}
			}
			catch (RuntimeException subscribeFailed) {
				opened.completeExceptionally(subscribeFailed);
				events.closed.set(true);
				session.disconnect();
			}
		});
		return opened;
	}

	private static StompFrameHandler frames(String destination, LinkHandler handler, AtomicBoolean closed) {
		return new StompFrameHandler() {
			@Override
			public Type getPayloadType(StompHeaders headers) {
				return byte[].class;
			}

			@Override
			public void handleFrame(StompHeaders headers, Object payload) {
				if (!closed.get()) {
					handler.onMessage(destination, (byte[]) payload);
				}
			}
		};
	}

	@Override
	public void close() {
		if (container instanceof org.apache.tomcat.websocket.WsWebSocketContainer tomcat) {
			tomcat.destroy();
		}
	}

	/** Session-level events: ERROR frames and transport failures, before and after CONNECTED. */
	private static final class SessionEvents extends StompSessionHandlerAdapter {

		private final LinkHandler handler;
		private final CompletableFuture<Link> opened;
		final AtomicBoolean closed = new AtomicBoolean();

		SessionEvents(LinkHandler handler, CompletableFuture<Link> opened) {
			this.handler = handler;
			this.opened = opened;
		}

		@Override
		public Type getPayloadType(StompHeaders headers) {
			return byte[].class;
		}

		@Override
		public void handleFrame(StompHeaders headers, Object payload) {
			String message = headers.getFirst("message");
			String why = "the server sent an ERROR frame: " + (message == null ? "(no message)" : message);
			if (!opened.isDone()) {
				opened.completeExceptionally(message != null && message.startsWith("UNAUTHENTICATED")
						? new SignInRefused(message) : new IllegalStateException(why));
			}
			if (closed.compareAndSet(false, true)) {
				handler.onClosed(why);
			}
		}

		@Override
		public void handleException(StompSession session, StompCommand command, StompHeaders headers,
				byte[] payload, Throwable exception) {
			System.getLogger(StompLinkFactory.class.getName()).log(System.Logger.Level.WARNING,
					"could not handle a frame from the server", exception);
		}

		@Override
		public void handleTransportError(StompSession session, Throwable exception) {
			if (!opened.isDone()) {
				opened.completeExceptionally(exception);
			}
			if (closed.compareAndSet(false, true)) {
				handler.onClosed("connection lost: " + exception.getMessage());
			}
		}
	}

	private static final class StompLink implements Link {

		private final StompSession session;
		private final AtomicBoolean closed;

		StompLink(StompSession session, AtomicBoolean closed) {
			this.session = session;
			this.closed = closed;
		}

		@Override
		public void send(String destination, byte[] body) {
			StompHeaders headers = new StompHeaders();
			headers.setDestination(destination);
			headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
			session.send(headers, body);
		}

		@Override
		public void close() {
			if (closed.compareAndSet(false, true) && session.isConnected()) {
				try {
					session.disconnect();
				}
				catch (RuntimeException alreadyGone) {
					// The connection is closing anyway.
				}
			}
		}
	}

	/** Bodies as raw JSON bytes both ways, so what is sent is exactly what the outbox holds. */
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
