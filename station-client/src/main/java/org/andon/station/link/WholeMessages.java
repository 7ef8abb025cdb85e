package org.andon.station.link;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * A WebSocket client whose sessions hand the STOMP client whole text messages of up to {@code limit} bytes while
 * Tomcat keeps only a small buffer per link. Tomcat allocates a link's message buffers at full size when it opens;
 * sized for the largest reply the server may send (1 MiB of bytes plus 1 Mi chars, and the same again to read the
 * handshake) each link held about 3 MB, and 1,800 stations in one process needed a 10 GB heap. Now Tomcat hands a
 * larger message over in pieces and the pieces of that one message are collected only while it arrives. A message
 * over the limit ends the link with a reason that names the limit.
 */
final class WholeMessages implements WebSocketClient {

	private final WebSocketClient delegate;
	private final int limit;

	WholeMessages(WebSocketClient delegate, int limit) {
		this.delegate = delegate;
		this.limit = limit;
	}

	@Override
	public CompletableFuture<WebSocketSession> execute(WebSocketHandler handler, String uriTemplate,
			Object... uriVariables) {
		return delegate.execute(new Assembler(handler, limit), uriTemplate, uriVariables);
	}

	@Override
	public CompletableFuture<WebSocketSession> execute(WebSocketHandler handler, WebSocketHttpHeaders headers,
			URI uri) {
		return delegate.execute(new Assembler(handler, limit), headers, uri);
	}

	/** One link's handler: the pieces of the text message arriving, if it did not fit Tomcat's buffer whole. */
	private static final class Assembler extends WebSocketHandlerDecorator {

		private final int limit;
		private StringBuilder arriving;
		private int size;

		Assembler(WebSocketHandler delegate, int limit) {
			super(delegate);
			this.limit = limit;
		}

		@Override
		public boolean supportsPartialMessages() {
			return true;
		}

		/** Tomcat calls this for one session at a time, in order. */
		@Override
		public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
			if (!(message instanceof TextMessage text) || (arriving == null && message.isLast())) {
				// the server sends text frames; a whole message that fitted Tomcat's buffer goes straight on
				super.handleMessage(session, message);
				return;
			}
			if (!session.isOpen()) {
				return;
			}
			if (arriving == null) {
				arriving = new StringBuilder();
				size = 0;
			}
			size += text.getPayloadLength();
			if (size > limit) {
				arriving = null;
				super.handleTransportError(session, new IOException("the server sent a message of more than "
						+ limit + " bytes, this link's limit (StompLinkFactory maxFrameBytes)"));
				session.close(CloseStatus.TOO_BIG_TO_PROCESS);
				return;
			}
			arriving.append(text.getPayload());
			if (message.isLast()) {
				TextMessage whole = new TextMessage(arriving.toString());
				arriving = null;
				super.handleMessage(session, whole);
			}
		}
	}
}
