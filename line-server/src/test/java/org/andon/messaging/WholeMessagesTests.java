package org.andon.messaging;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pieces of a message reach the STOMP handler as one whole message, a message over the limit closes the session
 * with 1009 and reaches it not at all, and Tomcat's text buffer stays at its configured size although Spring's STOMP
 * handler raises the session's limit when the session starts.
 */
class WholeMessagesTests {

	private final List<WebSocketMessage<?>> handled = new ArrayList<>();
	private final AtomicInteger textLimit = new AtomicInteger(1024);
	private final AtomicReference<CloseStatus> closed = new AtomicReference<>();
	private final WebSocketSession session = session();
	private final WholeMessages messages = new WholeMessages(new AbstractWebSocketHandler() {
		@Override
		public void afterConnectionEstablished(WebSocketSession s) {
			s.setTextMessageSizeLimit(16_640); // what StompSubProtocolHandler.afterSessionStarted does
		}

		@Override
		public void handleMessage(WebSocketSession s, WebSocketMessage<?> message) {
			handled.add(message);
		}
	}, 16_384);

	@Test
	void theSessionKeepsTheTextBufferTomcatWasGiven() throws Exception {
		messages.afterConnectionEstablished(session);
		assertThat(textLimit).hasValue(1024);
		assertThat(messages.supportsPartialMessages()).isTrue();
	}

	@Test
	void piecesArriveAsOneMessage() throws Exception {
		messages.handleMessage(session, new TextMessage("SEND\n", false));
		messages.handleMessage(session, new TextMessage("x".repeat(16_000), false));
		messages.handleMessage(session, new TextMessage("\0", true));
		messages.handleMessage(session, new TextMessage("SEND\n\n\0", true));
		assertThat(handled).extracting(m -> ((TextMessage) m).getPayload())
			.containsExactly("SEND\n" + "x".repeat(16_000) + "\0", "SEND\n\n\0");
		assertThat(handled).allMatch(WebSocketMessage::isLast);
		assertThat(closed).hasNullValue();
	}

	@Test
	void aMessageOverTheLimitClosesTheSessionWith1009AndIsNotHandled() throws Exception {
		messages.handleMessage(session, new TextMessage("x".repeat(16_000), false));
		messages.handleMessage(session, new TextMessage("x".repeat(385), false));
		assertThat(closed.get().getCode()).isEqualTo(1009);
		assertThat(handled).isEmpty();
	}

	private WebSocketSession session() {
		return (WebSocketSession) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { WebSocketSession.class }, (proxy, method, args) -> switch (method.getName()) {
					case "getId" -> "s1";
					case "isOpen" -> closed.get() == null;
					case "getTextMessageSizeLimit" -> textLimit.get();
					case "setTextMessageSizeLimit" -> {
						textLimit.set((Integer) args[0]);
						yield null;
					}
					case "close" -> {
						closed.set(args == null || args.length == 0 ? CloseStatus.NORMAL : (CloseStatus) args[0]);
						yield null;
					}
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					case "toString" -> "session s1";
					default -> throw new UnsupportedOperationException(method.getName());
				});
	}
}
