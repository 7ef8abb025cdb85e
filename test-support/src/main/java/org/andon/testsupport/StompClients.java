package org.andon.testsupport;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;

import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * STOMP clients whose bodies are raw JSON bytes both ways, so what is sent is exactly what the protocol documents
 * (the client's default {@code SimpleMessageConverter} hands byte[] payloads through as they are).
 */
public final class StompClients {

	private StompClients() {
	}

	/**
	 * A client on a WebSocket container of its own taking frames up to {@code maxBytes} (catch-up replies can be
	 * large; Tomcat's default buffer is 8 KiB).
	 */
	public static WebSocketStompClient withFramesUpTo(int maxBytes) {
		WebSocketContainer container = ContainerProvider.getWebSocketContainer();
		container.setDefaultMaxTextMessageBufferSize(maxBytes);
		WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient(container));
		client.setInboundMessageSizeLimit(maxBytes);
		return client;
	}

	/** A client on Tomcat's default small buffers, for many sessions at once (the simulator's people and boards). */
	public static WebSocketStompClient small() {
		return new WebSocketStompClient(new StandardWebSocketClient());
	}
}
