package org.andon;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tomcat keeps only a small message buffer per session (1 Ki chars): a larger command still arrives whole up to
 * {@code andon.protocol.max-frame-bytes}, and a message over that closes the session with 1009, as documented.
 */
class MessageSizeTests extends LineServerTestSupport {

	@Autowired
	@Qualifier("stompWebSocketHandlerMapping")
	AbstractUrlHandlerMapping stompEndpoint;

	/** Otherwise Tomcat only hands over whole messages, and needs a buffer for the largest one in every session. */
	@Test
	void theEndpointTakesMessagesInPieces() {
		WebSocketHttpRequestHandler ws = (WebSocketHttpRequestHandler) stompEndpoint.getHandlerMap().get("/ws");
		assertThat(ws.getWebSocketHandler().supportsPartialMessages()).isTrue();
	}

	@Test
	void aCommandLargerThanTomcatsBufferArrivesWhole() throws Exception {
		StationSession frame = station("FRAME");
		StationSession weld = station("WELD");
		// 500 two-byte characters: the frame is well over 1 KiB on the wire
		String note = "é".repeat(500);
		JsonNode result = frame.command("type", "STOP", "stationId", "FRAME", "reason", "OTHER", "note", note);
		assertAccepted(result);
		JsonNode halt = weld.awaitPush("HALT", p -> true);
		assertThat(halt.path("data").path("note").asString()).isEqualTo(note);
	}

	@Test
	void aMessageOverTheTransportLimitClosesTheSessionWith1009() throws Exception {
		CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
		WebSocketSession ws = new StandardWebSocketClient().execute(new TextWebSocketHandler() {
			@Override
			public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
				closed.complete(status);
			}
		}, null, URI.create("ws://127.0.0.1:" + port + "/ws")).get(10, TimeUnit.SECONDS);
		long size = logSize();
		ws.sendMessage(new TextMessage("SEND\ndestination:/app/commands\ncontent-type:application/json\n\n"
				+ "{\"note\":\"" + StationSession.bytes(40_000) + "\"}\0"));
		assertThat(closed.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(CloseStatus.TOO_BIG_TO_PROCESS.getCode());
		assertThat(logSize()).isEqualTo(size);
	}
}
