package org.andon.messaging;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * The open WebSockets by session id, so that the server can close one itself: a session closed for flooding gets a
 * close frame with a reason ({@link SenderRateLimits}). A close frame goes out after the message being written,
 * unlike a STOMP ERROR frame, which would wait behind the session's queued results and be thrown away with them.
 * What the client still sends on a socket the server is closing is dropped unread.
 */
@Component
class OpenSockets {

	private static final Logger LOG = LoggerFactory.getLogger(OpenSockets.class);

	private final Map<String, WebSocketSession> open = new ConcurrentHashMap<>();

	/** Wraps the STOMP handler so that every session is known while it is open. */
	WebSocketHandler tracking(WebSocketHandler handler) {
		return new WebSocketHandlerDecorator(handler) {
			@Override
			public void afterConnectionEstablished(WebSocketSession session) throws Exception {
				open.put(session.getId(), session);
				super.afterConnectionEstablished(session);
			}

			/**
			 * Frames that arrive on a socket the server is closing are dropped here: past this point Spring has
			 * already forgotten the session and would log each one as an error ("No decoder for session id").
			 */
			@Override
			public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
				if (!open.containsKey(session.getId())) {
					LOG.debug("dropped a frame on session {}, closed by the server", session.getId());
					return;
				}
				super.handleMessage(session, message);
			}

			@Override
			public void afterConnectionClosed(WebSocketSession session, CloseStatus status) throws Exception {
				open.remove(session.getId());
				super.afterConnectionClosed(session, status);
			}
		};
	}

	/** Closes the session's WebSocket with this status; false when it is not open (any more). */
	boolean close(String sessionId, CloseStatus status) {
		WebSocketSession session = open.remove(sessionId);
		if (session == null) {
			return false;
		}
		try {
			session.close(status);
			return true;
		}
		catch (IOException ex) {
			LOG.debug("closing session {}", sessionId, ex);
			return false;
		}
	}
}
