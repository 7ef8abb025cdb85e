package org.andon.messaging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Hands the STOMP handler whole WebSocket messages of up to {@code limit} bytes while Tomcat keeps only a small
 * buffer per session. Tomcat allocates its message buffers for every session when it opens, at their full size; with
 * them as large as the largest allowed message (16 KiB of bytes plus 16 Ki chars) 2,000 idle sessions held about
 * 100 MB of heap for messages that are almost never that large (docs/benchmarks.md). So Tomcat hands over a message
 * larger than its buffer in pieces, and this collects the pieces of that one message, only while it arrives. A
 * message over the limit closes the session with 1009 (message too big), as Tomcat did before: nothing of it reaches
 * the STOMP handler, so nothing of it is written.
 */
final class WholeMessages extends WebSocketHandlerDecorator {

	private final int limit;
	/** The message each session is in the middle of; a session between messages has no entry. */
	private final Map<String, Pieces> arriving = new ConcurrentHashMap<>();

	WholeMessages(WebSocketHandler delegate, int limit) {
		super(delegate);
		this.limit = limit;
	}

	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	/**
	 * Spring's STOMP handler raises a new session's text limit to at least 16,640 chars, and Tomcat would then grow
	 * its buffer to that at the first message; set it back to the size Tomcat was configured with.
	 */
	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		int configured = session.getTextMessageSizeLimit();
		super.afterConnectionEstablished(session);
		session.setTextMessageSizeLimit(configured);
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
		if (!(message instanceof TextMessage || message instanceof BinaryMessage)) {
			super.handleMessage(session, message);
			return;
		}
		Pieces pieces = arriving.get(session.getId());
		if (pieces == null && message.isLast()) {
			// the usual case: the whole message fitted Tomcat's buffer
			super.handleMessage(session, message);
			return;
		}
		if (!session.isOpen()) {
			return;
		}
		if (pieces == null) {
			pieces = new Pieces(message instanceof TextMessage);
			arriving.put(session.getId(), pieces);
		}
		if (!pieces.add(message, limit)) {
			arriving.remove(session.getId());
			session.close(CloseStatus.TOO_BIG_TO_PROCESS
				.withReason("a WebSocket message over " + limit + " bytes (andon.protocol.max-frame-bytes)"));
			return;
		}
		if (message.isLast()) {
			arriving.remove(session.getId());
			super.handleMessage(session, pieces.whole());
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
		arriving.remove(session.getId());
		super.afterConnectionClosed(session, closeStatus);
	}

	/** The pieces of one message so far, counted in bytes (UTF-8 for text). */
	private static final class Pieces {

		private final boolean text;
		private final StringBuilder chars = new StringBuilder();
		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		private int size;

		Pieces(boolean text) {
			this.text = text;
		}

		/** False when the message is now over the limit. */
		boolean add(WebSocketMessage<?> piece, int limit) throws IOException {
			size += piece.getPayloadLength();
			if (size > limit) {
				return false;
			}
			if (piece instanceof TextMessage t) {
				chars.append(t.getPayload());
			}
			else {
				ByteBuffer b = ((BinaryMessage) piece).getPayload();
				byte[] copy = new byte[b.remaining()];
				b.get(copy);
				bytes.write(copy);
			}
			return true;
		}

		WebSocketMessage<?> whole() {
			return text ? new TextMessage(chars.toString()) : new BinaryMessage(bytes.toByteArray());
		}
	}
}
