package org.andon;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * STOMP written by hand on a plain WebSocket: the test decides every byte of every frame, as an attacker or a broken
 * gateway would, and sees every frame the server sends back (ERROR frames included) and when it closes the socket.
 */
final class RawStomp implements AutoCloseable {

	private static final Duration WAIT = Duration.ofSeconds(20);

	final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
	final CompletableFuture<Integer> closed = new CompletableFuture<>();
	/** The reason of the server's close frame, once it closed. */
	volatile String closeReason;
	private final WebSocket socket;

	private RawStomp(WebSocket socket) {
		this.socket = socket;
	}

	/** Opens the WebSocket (with an Origin header when one is given); nothing is sent yet. */
	static RawStomp open(int port, String origin) throws Exception {
		return open(HttpClient.newHttpClient(), "ws://127.0.0.1:" + port + "/ws", origin);
	}

	/** Opens the WebSocket as a reverse proxy would for a client at {@code clientAddress} (X-Forwarded-For). */
	static RawStomp openFor(int port, String clientAddress) throws Exception {
		return open(HttpClient.newHttpClient(), "ws://127.0.0.1:" + port + "/ws", null, "X-Forwarded-For",
				clientAddress);
	}

	/** Opens the WebSocket with an Origin header when one is given, and the other headers given as name, value. */
	static RawStomp open(HttpClient http, String url, String origin, String... headers) throws Exception {
		StringBuilder partial = new StringBuilder();
		RawStomp[] self = new RawStomp[1];
		WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(WAIT);
		if (origin != null) {
			builder.header("Origin", origin);
		}
		for (int i = 0; i + 1 < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		WebSocket ws = builder.buildAsync(URI.create(url), new WebSocket.Listener() {
			@Override
			public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
				partial.append(data);
				if (last) {
					self[0].frames.add(partial.toString());
					partial.setLength(0);
				}
				webSocket.request(1);
				return null;
			}

			@Override
			public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
				webSocket.request(1);
				return null;
			}

			@Override
			public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
				self[0].closeReason = reason;
				self[0].closed.complete(statusCode);
				return null;
			}

			@Override
			public void onError(WebSocket webSocket, Throwable error) {
				self[0].closed.complete(-1);
			}
		}).get(WAIT.toSeconds(), TimeUnit.SECONDS);
		self[0] = new RawStomp(ws);
		return self[0];
	}

	/** Opens, signs in with CONNECT and returns the first frame the server answers with (CONNECTED or ERROR). */
	static RawStomp connect(int port, String login, String passcode) throws Exception {
		RawStomp s = open(port, null);
		s.send(connectFrame(login, passcode));
		return s;
	}

	static String connectFrame(String login, String passcode) {
		return "CONNECT\naccept-version:1.2\nhost:andon\n" + (login == null ? "" : "login:" + login + "\n")
				+ (passcode == null ? "" : "passcode:" + passcode + "\n") + "\n\0";
	}

	static String frame(String command, String body, String... headers) {
		StringBuilder f = new StringBuilder(command).append('\n');
		for (String h : headers) {
			f.append(h).append('\n');
		}
		return f.append('\n').append(body).append('\0').toString();
	}

	/** Subscribes to the station's own results queue and sends one command (a JSON body) to /app/commands. */
	void subscribeResults() {
		send(frame("SUBSCRIBE", "", "id:results", "destination:/user/queue/results"));
	}

	void command(String json) {
		send(frame("SEND", json, "destination:/app/commands", "content-type:application/json"));
	}

	void send(String text) {
		socket.sendText(text, true).join();
	}

	/** Sends when the socket is still open; false when the server had closed it already. */
	boolean trySend(String text) {
		try {
			send(text);
			return true;
		}
		catch (java.util.concurrent.CompletionException closedAlready) {
			return false;
		}
	}

	/** The next frame from the server, or null when none came in time. */
	String next() throws InterruptedException {
		return frames.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
	}

	/** The next frame whose text contains {@code marker}, skipping others; null when none came in time. */
	String next(String marker) throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (System.nanoTime() < deadline) {
			String f = frames.poll(100, TimeUnit.MILLISECONDS);
			if (f != null && f.contains(marker)) {
				return f;
			}
		}
		return null;
	}

	/** Whether the server closed the socket within the wait. */
	boolean closedByServer() {
		try {
			closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
			return true;
		}
		catch (Exception notClosed) {
			return false;
		}
	}

	static String body(String frame) {
		int start = frame.indexOf("\n\n");
		return start < 0 ? "" : frame.substring(start + 2).replace("\0", "");
	}

	@Override
	public void close() {
		if (!socket.isOutputClosed()) {
			socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(ex -> null);
		}
		socket.abort();
	}
}
