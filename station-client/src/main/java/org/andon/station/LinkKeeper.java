package org.andon.station;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.random.RandomGenerator;

import org.andon.station.link.Backoff;
import org.andon.station.link.Link;
import org.andon.station.link.LinkFactory;
import org.andon.station.link.LinkHandler;
import org.andon.station.link.Scheduler;

/**
 * The link to the server and how it is kept: connecting, reconnecting with exponential backoff and jitter, and
 * failing over between the nodes of one line server in turn (a failed attempt or a lost link moves to the next one at
 * once; the backoff grows only after every server was tried). Runs on the client's scheduler thread only.
 */
final class LinkKeeper {

	private static final System.Logger LOG = System.getLogger(StationClient.class.getName());

	/** What the rest of the client does when the link changes or a message arrives on it. */
	interface Events {

		/** The link is up, before it shows ONLINE; answers whether to send a sync at once. */
		boolean opening();

		/** The link shows ONLINE: send what waits and start catching up. */
		void online(int conn, boolean syncNow);

		/** The link was lost (it is already closed). */
		void dropped();

		/** A message arrived on the current link. */
		void received(String destination, byte[] body);

		boolean caughtUp();

		void changed(Connection connection);

		void publish();

		boolean closed();
	}

	private final ClientSettings settings;
	private final Scheduler scheduler;
	private final LinkFactory links;
	private final Events events;
	private int connection;
	private int serverIndex;
	private URI server;
	private Link link;
	private Connection.State state = Connection.State.OFFLINE;
	private String detail = "not connected yet";
	private Instant since;
	private Instant nextAttempt;
	private Instant lastAttempt;
	private int failures;
	private Scheduler.Cancellable retry;
	private final List<Runnable> early = new ArrayList<>();

	LinkKeeper(ClientSettings settings, Scheduler scheduler, LinkFactory links, Events events) {
		this.settings = settings;
		this.scheduler = scheduler;
		this.links = links;
		this.events = events;
		this.since = settings.clock().instant();
		this.server = settings.servers().get(0);
	}

	/** The current link, or null when there is none. */
	Link link() {
		return link;
	}

	/** The number of the latest attempt; a late answer to an older one is ignored. */
	int connection() {
		return connection;
	}

	/** Whether {@code conn} is the current attempt and its link is up. */
	boolean current(int conn) {
		return conn == connection && link != null;
	}

	/** The link held up through a whole catch-up: the next loss starts the backoff afresh. */
	void resetFailures() {
		failures = 0;
	}

	Connection picture() {
		return new Connection(state, detail, since, nextAttempt, link != null && events.caughtUp(), server);
	}

	void connect() {
		if (events.closed() || link != null || state == Connection.State.CONNECTING) {
			return;
		}
		cancel(retry);
		early.clear();
		int conn = ++connection;
		lastAttempt = settings.clock().instant();
		nextAttempt = null;
		server = settings.servers().get(serverIndex);
		setLink(Connection.State.CONNECTING, "connecting to " + server);
		// Shown while the attempt lasts: a node that does not answer can take connectWithin to give up on.
		events.publish();
		CompletableFuture<Link> opening;
		try {
			opening = links.open(server, settings.stationId(), settings.token(), new Handler(conn));
		}
		catch (RuntimeException ex) {
			failed(conn, ex);
			return;
		}
		Scheduler.Cancellable timeout = scheduler.schedule(() -> {
			if (conn == connection && state == Connection.State.CONNECTING) {
				opening.cancel(false);
				failed(conn, new IllegalStateException("no answer within " + settings.connectWithin().toSeconds()
						+ " s"));
			}
		}, settings.connectWithin());
		opening.whenComplete((l, ex) -> scheduler.execute(() -> {
			timeout.cancel();
			if (ex != null) {
				failed(conn, ex);
			}
			else {
				opened(conn, l);
			}
		}));
	}

	private void opened(int conn, Link l) {
		if (events.closed() || conn != connection || state != Connection.State.CONNECTING) {
			l.close();
			return;
		}
		link = l;
		boolean syncNow = events.opening();
		setLink(Connection.State.ONLINE, "connected to " + server);
		events.online(conn, syncNow);
		List<Runnable> first = new ArrayList<>(early);
		early.clear();
		first.forEach(Runnable::run);
		events.publish();
	}

	private void failed(int conn, Throwable ex) {
		if (events.closed() || conn != connection || state != Connection.State.CONNECTING) {
			return;
		}
		Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
		failures++;
		if (cause instanceof LinkFactory.SignInRefused refused) {
			setLink(Connection.State.REFUSED, "the server refused station " + settings.stationId() + ": "
					+ refused.getMessage());
		}
		else {
			setLink(Connection.State.OFFLINE, "cannot reach " + server + ": " + describe(cause));
		}
		nextServer();
		scheduleRetry();
		events.publish();
	}

	/** The link broke or stopped answering: drop it and reconnect; unanswered commands go again on the next one. */
	void lost(int conn, String why) {
		if (conn != connection || link == null) {
			return;
		}
		Link l = link;
		link = null;
		l.close();
		events.dropped();
		failures++;
		setLink(Connection.State.OFFLINE, why);
		nextServer();
		scheduleRetry();
		events.publish();
	}

	/** Round-robin: after a failed attempt or a lost link the next attempt goes to the next server in the list. */
	private void nextServer() {
		serverIndex = (serverIndex + 1) % settings.servers().size();
	}

	private void scheduleRetry() {
		if (events.closed()) {
			return;
		}
		Duration wait = retryDelay(failures, settings.servers().size(), settings.backoff(), settings.random());
		nextAttempt = settings.clock().instant().plus(wait);
		cancel(retry);
		retry = scheduler.schedule(this::connect, wait);
	}

	/**
	 * The wait before the next attempt after {@code failures} failed attempts or lost links in a row, with
	 * {@code servers} servers taken in turn. While some server has not been tried since the last one failed, the
	 * next goes at once: a lost node must not keep its stations waiting. Only a whole round of failures backs off,
	 * exponentially by the number of rounds (with one server: after every failure, as before). The quick hop still
	 * waits a random moment of up to the backoff's first wait, so the stations of a lost node do not all reach the
	 * next one in the same millisecond.
	 */
	static Duration retryDelay(int failures, int servers, Backoff backoff, RandomGenerator random) {
		if (failures % servers != 0) {
			return Duration.ofMillis(random.nextLong(backoff.first().toMillis() + 1));
		}
		return backoff.delay(Math.max(1, failures / servers), random);
	}

	/** A STOP given while offline does not wait out the backoff (but does not hammer the server either). */
	void retrySoon() {
		if (link != null || state == Connection.State.CONNECTING || lastAttempt == null) {
			return;
		}
		Duration since = Duration.between(lastAttempt, settings.clock().instant());
		Duration wait = since.compareTo(Duration.ofSeconds(1)) >= 0 ? Duration.ZERO
				: Duration.ofSeconds(1).minus(since);
		Instant at = settings.clock().instant().plus(wait);
		if (nextAttempt == null || at.isBefore(nextAttempt)) {
			cancel(retry);
			nextAttempt = at;
			retry = scheduler.schedule(this::connect, wait);
		}
	}

	/** Closes the link for good (the client is closing). */
	void close() {
		cancel(retry);
		if (link != null) {
			link.close();
			link = null;
		}
		nextAttempt = null;
		setLink(Connection.State.CLOSED, "closed");
	}

	private void setLink(Connection.State newState, String newDetail) {
		boolean changed = newState != state || !newDetail.equals(detail);
		if (newState != state) {
			since = settings.clock().instant();
		}
		state = newState;
		detail = newDetail;
		if (changed) {
			LOG.log(System.Logger.Level.INFO, "station {0}: {1} ({2})", settings.stationId(), newState, newDetail);
			events.changed(picture());
		}
	}

	/** Hands what the link says to the scheduler's thread, tagged with the attempt it came on. */
	private final class Handler implements LinkHandler {

		private final int conn;

		Handler(int conn) {
			this.conn = conn;
		}

		@Override
		public void onMessage(String destination, byte[] body) {
			scheduler.execute(() -> deliver(conn, destination, body));
		}

		@Override
		public void onClosed(String why) {
			scheduler.execute(() -> lost(conn, why));
		}
	}

	private void deliver(int conn, String destination, byte[] body) {
		if (conn != connection) {
			return;
		}
		if (link == null) {
			// The snapshot can overtake the hand-over of the link to this thread; keep it for opened().
			if (state == Connection.State.CONNECTING) {
				early.add(() -> deliver(conn, destination, body));
			}
			return;
		}
		events.received(destination, body);
	}

	static void cancel(Scheduler.Cancellable c) {
		if (c != null) {
			c.cancel();
		}
	}

	/**
	 * The deepest cause's message: "Connection refused" says more to a worker than a wrapper's text. A TLS handshake
	 * that failed says what to do about it: the terminal does not trust the server's certificate, or the server wants a
 * certificate from the station that it did not get.
	 */
	static String describe(Throwable ex) {
		String message = null;
		boolean handshake = false;
		boolean tls = false;
		for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t.getMessage() != null && !t.getMessage().isBlank()) {
				message = t.getMessage();
			}
			handshake |= t instanceof javax.net.ssl.SSLHandshakeException;
			tls |= t instanceof javax.net.ssl.SSLException;
		}
		String what = message != null ? message : ex.getClass().getSimpleName();
		if (tls && (what.contains("certificate_required") || what.contains("bad_certificate")
				|| what.contains("certificate_expired") || what.contains("unknown_ca")
				|| what.contains("certificate_unknown") && !what.contains("PKIX"))) {
			// the server's alert about the station's own certificate (TLS 1.3 sends it after the client's side)
			return "the server wants this station's own certificate and did not take the one given, if any (" + what
					+ "): give a certificate issued by the plant's CA for this station, not expired, and its key, with "
					+ "--client-certificate FILE --client-key FILE";
		}
		if (!handshake) {
			return what;
		}
		if (what.contains("subject alternative names") || what.contains("No name matching")) {
			return "the server's TLS certificate is for another name (" + what + "): connect with the name on the "
					+ "certificate, e.g. --server wss://andon.plant.example:8443/ws, not its address";
		}
		return "the server's TLS certificate is not trusted here (" + what + "); give the plant's certificate with "
				+ "--trust-certificates FILE (PEM)";
	}
}
