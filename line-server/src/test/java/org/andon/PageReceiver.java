package org.andon;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server standing in for a chat room, PagerDuty or a plant's own receiver: it checks each request's
 * HMAC signature, records it, and can be told to fail with 500 for the next requests on a path.
 */
final class PageReceiver implements AutoCloseable {

	/** One request as received, with whether its signature was valid and what the receiver answered. */
	record Received(String path, String pageId, String body, boolean signatureValid, int answered) {
	}

	final List<Received> received = new CopyOnWriteArrayList<>();
	private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
	private final HttpServer server;

	PageReceiver(Map<String, String> secretsByPath) throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		secretsByPath.forEach((path, secret) -> server.createContext(path, exchange -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			String signature = exchange.getRequestHeaders().getFirst("X-Andon-Signature");
			boolean valid = ("sha256=" + hmac(secret, body)).equals(signature);
			AtomicInteger fail = failuresLeft.get(path);
			int status = !valid ? 401 : fail != null && fail.getAndDecrement() > 0 ? 500 : 200;
			received.add(new Received(path, exchange.getRequestHeaders().getFirst("X-Andon-Page-Id"), body, valid,
					status));
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		}));
		server.start();
	}

	int port() {
		return server.getAddress().getPort();
	}

	void failNext(String path, int times) {
		failuresLeft.put(path, new AtomicInteger(times));
	}

	List<Received> at(String path) {
		return received.stream().filter(r -> r.path().equals(path)).toList();
	}

	static String hmac(String secret, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
