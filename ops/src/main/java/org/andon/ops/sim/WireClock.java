package org.andon.ops.sim;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.databind.JsonNode;

import org.andon.station.link.Link;
import org.andon.station.link.LinkFactory;
import org.andon.station.link.LinkHandler;
import org.andon.testsupport.StationSession;

/**
 * Wraps the station client's real link factory and notes when each HALT push comes off the socket, on the
 * transport's thread, before the client hands it to the station's own thread. That is the point where the
 * raw-WebSocket baseline takes its times too, so the two compare like with like; the listener's time (what the
 * station's program sees) is measured as well.
 */
final class WireClock implements LinkFactory {

	private static final byte[] HALT = "\"HALT\"".getBytes(StandardCharsets.UTF_8);

	private final LinkFactory real;
	private final Map<String, Long> halts = new ConcurrentHashMap<>();

	WireClock(LinkFactory real) {
		this.real = real;
	}

	@Override
	public CompletableFuture<Link> open(URI server, String login, String passcode, LinkHandler handler) {
		return real.open(server, login, passcode, new LinkHandler() {
			@Override
			public void onMessage(String destination, byte[] body) {
				if (destination.endsWith("/station") && contains(body, HALT)) {
					long now = System.nanoTime();
					JsonNode push = StationSession.JSON.readTree(body);
					if ("HALT".equals(push.path("type").asString(""))) {
						halts.putIfAbsent(key(login, push.path("data").path("stopId").asLong()), now);
					}
				}
				handler.onMessage(destination, body);
			}

			@Override
			public void onClosed(String why) {
				handler.onClosed(why);
			}
		});
	}

	/** When the HALT of {@code stopId} reached {@code stationId}'s socket (System.nanoTime), or null. */
	Long haltAt(String stationId, long stopId) {
		return halts.remove(key(stationId, stopId));
	}

	private static String key(String stationId, long stopId) {
		return stationId + "/" + stopId;
	}

	private static boolean contains(byte[] body, byte[] needle) {
		outer: for (int i = 0; i + needle.length <= body.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (body[i + j] != needle[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

	@Override
	public void close() {
		real.close();
	}
}
