package org.andon.ops.sim;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The least of STOMP 1.2 over one WebSocket of the JDK's HTTP client that a light session needs: CONNECT with a
 * login and passcode, frames sent in order (the JDK allows one send in flight per socket, so the rest queue here),
 * and each inbound frame split into its command, {@code subscription} header and body for the {@link Handler}.
 * Callbacks come one at a time per socket, on the HTTP client's threads.
 */
final class StompSocket implements WebSocket.Listener {

	private static final System.Logger LOG = System.getLogger(StompSocket.class.getName());

	/** What a session does with its frames. */
	interface Handler {

		/** CONNECTED arrived: subscribe now. */
		void connected(StompSocket socket);

		void message(String subscription, String body);

		/** The link is gone (an ERROR frame, closed, failed); it is not reopened. */
		void closed(String why);
	}

	private final String name;
	private final Handler handler;
	private volatile WebSocket socket;
	private final ArrayDeque<String> outbound = new ArrayDeque<>();
	private boolean sending;
	private final StringBuilder partial = new StringBuilder();
	private volatile boolean closing;

	StompSocket(String name, Handler handler) {
		this.name = name;
		this.handler = handler;
	}

	/** Opens the WebSocket and sends CONNECT; failures reach {@link Handler#closed}. */
	void open(HttpClient http, URI server, String login, String passcode) {
		http.newWebSocketBuilder().subprotocols("v12.stomp").connectTimeout(Duration.ofSeconds(30))
			.buildAsync(server, this).whenComplete((ws, ex) -> {
				if (ex != null) {
					handler.closed("could not connect: " + ex);
					return;
				}
				socket = ws;
				send("CONNECT\naccept-version:1.2\nhost:" + server.getHost() + "\nlogin:" + login + "\npasscode:"
						+ passcode + "\nheart-beat:0,0\n\n\0");
			});
	}

	void subscribe(String id, String destination) {
		send("SUBSCRIBE\nid:" + id + "\ndestination:" + destination + "\n\n\0");
	}

	/** Sends one whole frame (NUL included), after those sent before it. */
	void send(String frame) {
		synchronized (this) {
			if (sending) {
				outbound.add(frame);
				return;
			}
			sending = true;
		}
		write(frame);
	}

	private void write(String frame) {
		String next = frame;
		while (next != null) {
			CompletableFuture<WebSocket> written = socket.sendText(next, true);
			if (!written.isDone()) {
				written.whenComplete((ws, ex) -> {
					if (ex != null) {
						lost("could not send: " + ex);
					}
					String after = nextFrame();
					if (after != null) {
						write(after);
					}
				});
				return;
			}
			if (written.isCompletedExceptionally()) {
				lost("could not send");
			}
			next = nextFrame();
		}
	}

	private synchronized String nextFrame() {
		String next = outbound.poll();
		if (next == null) {
			sending = false;
		}
		return next;
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		webSocket.request(1);
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		if (!last) {
			partial.append(data);
		}
		else if (partial.length() > 0) {
			partial.append(data);
			String whole = partial.toString();
			partial.setLength(0);
			frames(whole);
		}
		else {
			frames(data.toString());
		}
		webSocket.request(1);
		return null;
	}

	/** A WebSocket message may carry several STOMP frames, each ended by a NUL; EOLs between them are heart-beats. */
	private void frames(String message) {
		int at = 0;
		while (at < message.length()) {
			while (at < message.length() && (message.charAt(at) == '\n' || message.charAt(at) == '\r')) {
				at++;
			}
			if (at >= message.length()) {
				return;
			}
			int end = message.indexOf('\0', at);
			if (end < 0) {
				end = message.length();
			}
			try {
				frame(message, at, end);
			}
			catch (RuntimeException failed) {
				LOG.log(System.Logger.Level.WARNING, name + " could not handle a frame", failed);
			}
			at = end + 1;
		}
	}

	private void frame(String m, int from, int end) {
		int eol = m.indexOf('\n', from);
		String command = m.substring(from, eol < 0 || eol > end ? end : eol);
		int bodyAt = m.indexOf("\n\n", from);
		bodyAt = bodyAt < 0 || bodyAt > end ? end : bodyAt + 2;
		switch (command) {
			case "MESSAGE" -> handler.message(header(m, from, bodyAt, "subscription"), m.substring(bodyAt, end));
			case "CONNECTED" -> handler.connected(this);
			case "ERROR" -> lost("the server sent an ERROR frame: " + header(m, from, bodyAt, "message"));
			default -> {
				// RECEIPT and anything newer: not needed here
			}
		}
	}

	static String header(String m, int from, int to, String name) {
		String key = "\n" + name + ":";
		int at = m.indexOf(key, from);
		if (at < 0 || at >= to) {
			return null;
		}
		int start = at + key.length();
		int eol = m.indexOf('\n', start);
		return unescape(m.substring(start, eol < 0 || eol > to ? to : eol));
	}

	/** A STOMP 1.2 header value as sent: {@code \\c} is a colon, {@code \\n} a newline, {@code \\r}, {@code \\\\}. */
	static String unescape(String value) {
		if (value.indexOf('\\') < 0) {
			return value;
		}
		StringBuilder b = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\\' && i + 1 < value.length()) {
				char next = value.charAt(++i);
				b.append(switch (next) {
					case 'c' -> ':';
					case 'n' -> '\n';
					case 'r' -> '\r';
					default -> next;
				});
			}
			else {
				b.append(c);
			}
		}
		return b.toString();
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		lost("closed by the server: " + statusCode + " " + reason);
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		lost("connection lost: " + error);
	}

	private void lost(String why) {
		if (!closing) {
			LOG.log(System.Logger.Level.WARNING, name + ": " + why);
		}
		handler.closed(why);
	}

	/** Closes the WebSocket (without a DISCONNECT: nothing is waited for any more). */
	void close() {
		closing = true;
		WebSocket ws = socket;
		if (ws != null) {
			try {
				ws.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(2, TimeUnit.SECONDS)
					.whenComplete((w, ex) -> ws.abort());
			}
			catch (RuntimeException ex) {
				ws.abort();
			}
		}
	}
}
