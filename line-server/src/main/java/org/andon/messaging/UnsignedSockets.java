package org.andon.messaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.messaging.SessionConnectedEvent;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * WebSockets that are open but not signed in: the ones a connection storm is made of. Each costs the server its
 * buffers and a session without any credential, so two limits hold for them:
 * <ul>
 * <li>an address may hold at most {@code andon.protocol.unsigned-sockets-per-address} of them at once: one more
 * upgrade from it is answered 429 before it becomes a WebSocket (and one that slipped through the check at the same
 * moment is closed at once);</li>
 * <li>a socket must sign in (a CONNECT accepted) within {@code andon.protocol.sign-in-within} of opening, or it is
 * closed with 1008 and the reason.</li>
 * </ul>
 * Both are counted in {@code andon_websockets_refused_total{reason}} and logged once a minute per address at most.
 * Addresses in {@code andon.protocol.unsigned-sockets-exempt} (the server's own host by default: the line simulator,
 * a reverse proxy on the same machine) are not limited per address; the sign-in deadline holds for every socket.
 * Signed-in sockets are no longer counted here: each holds a credential and its sender's share of commands
 * ({@link SenderRateLimits}).
 */
@Component
class UnsignedSockets implements SmartLifecycle {

	private static final Logger LOG = LoggerFactory.getLogger(UnsignedSockets.class);

	/** Where a client's address could not be read. */
	static final String UNKNOWN = "unknown";

	/** A socket not signed in yet: where it came from, when it opened, and whether a sweep has seen it already. */
	private static final class Unsigned {

		final WebSocketSession session;
		final String address;
		final Instant opened;
		volatile boolean seen;

		Unsigned(WebSocketSession session, String address, Instant opened) {
			this.session = session;
			this.address = address;
			this.opened = opened;
		}
	}

	private final Map<String, Unsigned> unsigned = new ConcurrentHashMap<>();
	private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();
	private final Map<String, Instant> warned = new ConcurrentHashMap<>();
	private final int limit;
	private final Set<String> exempt;
	private final Duration signInWithin;
	private final Clock clock;
	private final Counter tooMany;
	private final Counter tooSlow;
	private volatile ScheduledExecutorService sweeper;

	UnsignedSockets(ProtocolProperties properties, Clock clock, MeterRegistry meters) {
		this.limit = properties.unsignedSocketsPerAddress();
		this.exempt = properties.unsignedSocketsExempt().stream().map(UnsignedSockets::canonical)
			.collect(java.util.stream.Collectors.toUnmodifiableSet());
		this.signInWithin = properties.signInWithin();
		this.clock = clock;
		this.tooMany = refused(meters, "too_many_unsigned_from_address");
		this.tooSlow = refused(meters, "no_sign_in_in_time");
		Gauge.builder("andon.websockets.unsigned", unsigned, Map::size)
			.description("WebSockets open and not signed in yet").register(meters);
	}

	private static Counter refused(MeterRegistry meters, String reason) {
		return Counter.builder("andon.websockets.refused")
			.description("WebSocket upgrades refused and sockets closed before they signed in, by reason")
			.tag("reason", reason).register(meters);
	}

	/** Refuses the upgrade, 429, from an address that holds its limit of sockets not signed in. */
	HandshakeInterceptor handshake() {
		return new HandshakeInterceptor() {
			@Override
			public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response,
					WebSocketHandler handler, Map<String, Object> attributes) throws IOException {
				String address = addressOf(request);
				if (!limited(address) || count(address) < limit) {
					return true;
				}
				refuseTooMany(address);
				response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
				response.getHeaders().set("Retry-After", String.valueOf(Math.max(1, signInWithin.toSeconds())));
				response.getHeaders().set("Content-Type", "text/plain;charset=UTF-8");
				response.getBody().write(tooManyMessage(address).getBytes(StandardCharsets.UTF_8));
				return false;
			}

			@Override
			public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response,
					WebSocketHandler handler, Exception exception) {
			}
		};
	}

	/** Wraps the STOMP handler so that every socket counts against its address until it signs in or closes. */
	WebSocketHandler tracking(WebSocketHandler handler) {
		return new WebSocketHandlerDecorator(handler) {
			@Override
			public void afterConnectionEstablished(WebSocketSession session) throws Exception {
				boolean over = opened(session);
				super.afterConnectionEstablished(session);
				if (over) {
					// upgrades checked at the same moment all saw room for one more: closed once Spring knows it
					close(session.getId(), new CloseStatus(CloseStatus.POLICY_VIOLATION.getCode(), "TOO_MANY_SOCKETS"));
				}
			}

			@Override
			public void afterConnectionClosed(WebSocketSession session, CloseStatus status) throws Exception {
				forget(session.getId());
				super.afterConnectionClosed(session, status);
			}
		};
	}

	/** Counts the socket against its address; true when that puts the address over its limit. */
	private boolean opened(WebSocketSession session) {
		Object from = session.getAttributes().get(StompSignIn.REMOTE_ADDRESS);
		String address = from == null ? UNKNOWN : from.toString();
		unsigned.put(session.getId(), new Unsigned(session, address, clock.instant()));
		int now = perAddress.compute(address, (a, n) -> n == null ? 1 : n + 1);
		if (limited(address) && now > limit) {
			refuseTooMany(address);
			return true;
		}
		return false;
	}

	@EventListener
	void signedIn(SessionConnectedEvent event) {
		String id = org.springframework.messaging.simp.SimpMessageHeaderAccessor.getSessionId(
				event.getMessage().getHeaders());
		if (id != null) {
			forget(id);
		}
	}

	int count(String address) {
		Integer n = perAddress.get(address);
		return n == null ? 0 : n;
	}

	private void forget(String sessionId) {
		Unsigned gone = unsigned.remove(sessionId);
		if (gone != null) {
			perAddress.computeIfPresent(gone.address, (a, n) -> n <= 1 ? null : n - 1);
		}
	}

	private boolean limited(String address) {
		return limit > 0 && !exempt.contains(address);
	}

	private void refuseTooMany(String address) {
		tooMany.increment();
		warnOncePerMinute("too many from " + address, tooManyMessage(address));
	}

	private String tooManyMessage(String address) {
		return "TOO_MANY_SOCKETS: " + address + " holds " + limit + " WebSockets that have not signed in; sign in on "
				+ "those first (andon.protocol.unsigned-sockets-per-address)";
	}

	/**
	 * Closes every socket that has not signed in within the deadline and was there at the sweep before too: a socket
	 * signing in at the moment the clock is set forward (by an operator, or NTP after a long drift) is not taken for
	 * one that never will.
	 */
	void sweep() {
		Instant due = clock.instant().minus(signInWithin);
		for (Unsigned u : unsigned.values()) {
			boolean seenBefore = u.seen;
			u.seen = true;
			if (seenBefore && !u.opened.isAfter(due)) {
				tooSlow.increment();
				warnOncePerMinute("too slow from " + u.address, "closing WebSockets from " + u.address + " that did "
						+ "not sign in within " + signInWithin.toSeconds() + " s (andon.protocol.sign-in-within; each "
						+ "counted in andon_websockets_refused_total)");
				close(u.session.getId(), new CloseStatus(CloseStatus.POLICY_VIOLATION.getCode(),
						"NO_SIGN_IN: send CONNECT with login and passcode within " + signInWithin.toSeconds() + " s"));
			}
		}
	}

	private void close(String sessionId, CloseStatus status) {
		Unsigned u = unsigned.get(sessionId);
		forget(sessionId);
		if (u == null) {
			return;
		}
		try {
			u.session.close(status);
		}
		catch (IOException ex) {
			LOG.debug("closing unsigned session {}", sessionId, ex);
		}
	}

	private void warnOncePerMinute(String what, String message) {
		Instant now = clock.instant();
		Instant last = warned.get(what);
		if (last == null || !now.isBefore(last.plusSeconds(60))) {
			warned.put(what, now);
			LOG.warn("{}", message);
		}
		if (warned.size() > 10_000) {
			warned.clear(); // addresses seen once in a storm spread over many: forget them, never grow without end
		}
	}

	/**
	 * The address a request came from, as the servlet container has it (behind a trusted proxy: the client's, from
	 * X-Forwarded-For), never resolved by name; {@value #UNKNOWN} when there is none, which is limited as one address.
	 */
	static String addressOf(ServerHttpRequest request) {
		String address = request instanceof org.springframework.http.server.ServletServerHttpRequest servlet
				? servlet.getServletRequest().getRemoteAddr() : null;
		return address == null || address.isBlank() ? UNKNOWN : canonical(address);
	}

	/** An IP address in one spelling ({@code ::1} and {@code 0:0:0:0:0:0:0:1} alike); anything else as it is. */
	private static String canonical(String address) {
		String a = address.trim();
		boolean literal = a.indexOf(':') >= 0 || a.matches("\\d{1,3}(\\.\\d{1,3}){3}"); // never a name lookup
		if (!literal) {
			return a;
		}
		try {
			return java.net.InetAddress.getByName(a.startsWith("[") ? a.substring(1, a.length() - 1) : a)
				.getHostAddress();
		}
		catch (java.net.UnknownHostException notAnAddress) {
			return a;
		}
	}

	@Override
	public void start() {
		ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "unsigned-sockets");
			t.setDaemon(true);
			return t;
		});
		long every = Math.max(100, Math.min(1000, signInWithin.toMillis() / 10));
		s.scheduleWithFixedDelay(() -> {
			try {
				sweep();
			}
			catch (RuntimeException ex) {
				LOG.warn("sweeping sockets that have not signed in", ex);
			}
		}, every, every, TimeUnit.MILLISECONDS);
		sweeper = s;
	}

	@Override
	public void stop() {
		ScheduledExecutorService s = sweeper;
		sweeper = null;
		if (s != null) {
			s.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return sweeper != null;
	}
}
