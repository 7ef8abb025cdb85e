package org.andon.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.andon.protocol.ErrorCode;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * Each sender's share of commands and catch-up requests together: at most
 * {@code andon.protocol.sender-commands-per-second} in any one second, handed out in slices of the second (500 a
 * second: 100 in each fifth), over all the sessions it has open. A sender
 * is who signed in (a station, or a person): a looping script or a PLC gateway gone wrong that opens more sessions
 * with the same credentials gets no more than one share. A command over the share is refused at once, before it is
 * parsed or queued, so a flood cannot take the writer's time from the other stations. Every refusal is counted by
 * sender ({@code andon_sessions_rate_limited_total}); the log names the sender and session once per second it floods.
 * Senders are the topology's stations and people, so the shares are as many as they are and are kept for good.
 * <p>
 * Refusing costs little, but not nothing: a session refused more than {@code andon.protocol.flood-close-after}
 * times within one second, or a session taking part (a tenth of that) in its sender being refused that often over
 * all its sessions, is no station that backs off (the station client keeps at most 64 commands in flight). Its
 * WebSocket is closed with 1008 (policy violation) and a reason starting {@code RATE_LIMITED}, what it had sent
 * after that is dropped, and its login may not sign in again from its address for {@code andon.protocol.flood-lockout},
 * refused at the CONNECT before its secret is checked; counted in {@code andon_sessions_closed_flooding_total{sender}}.
 * The station client backs off and replays its outbox on its next connection, so a station that had a burst loses
 * nothing. Shares are per node; lockouts are written to the database too, so in a cluster the other nodes refuse the
 * login from that address as well.
 */
@Component
class SenderRateLimits {

	private static final Logger LOG = LoggerFactory.getLogger(SenderRateLimits.class);

	/** How long a session's later commands wait for its refused one to be sent again before they are taken anyway. */
	static final Duration RESEND_WAIT = Duration.ofSeconds(10);

	/** The fewest commands a slice of the share holds (the station client keeps at most 64 in flight). */
	static final int SMALLEST_SLICE = 100;

	/** What a sender's next command gets. */
	enum Verdict {
		/** Within its share. */
		ALLOW,
		/** Over its share: refused with RATE_LIMITED, the session stays open. */
		LIMITED,
		/**
		 * Sent after a command of the same session that was refused for the share and has not been sent again:
		 * refused with RATE_LIMITED too, so that the session's commands are applied in the order it sent them.
		 */
		BEHIND,
		/** Over its share and flooding: refused, and this session's WebSocket has been closed. */
		CLOSED,
		/**
		 * From a session closed for flooding, read before it was closed: dropped unanswered (nobody is there to
		 * answer, and the frames would only use up the sender's share for its next session).
		 */
		DROPPED
	}

	private final RateLimiterConfig config;
	private final int perSecond;
	private final int closeAfter;
	private final Duration lockout;
	private final Clock clock;
	private final MeterRegistry meters;
	private final OpenSockets sockets;
	private final org.springframework.jdbc.core.JdbcTemplate jdbc;
	private final ConcurrentMap<String, Share> senders = new ConcurrentHashMap<>();
	/** Per session: its refusals in the current second. */
	private final ConcurrentMap<String, Burst> sessions = new ConcurrentHashMap<>();
	/** Logins (with the address they flooded from) closed for flooding, until when they may sign in again. */
	private final ConcurrentMap<String, Instant> barred = new ConcurrentHashMap<>();

	SenderRateLimits(ProtocolProperties properties, Clock clock, MeterRegistry meters, OpenSockets sockets,
			org.springframework.jdbc.core.JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		int perSecond = properties.senderCommandsPerSecond();
		int slices = slicesOfASecond(perSecond);
		this.config = RateLimiterConfig.custom().limitForPeriod(perSecond / slices)
			.limitRefreshPeriod(Duration.ofNanos(1_000_000_000L / slices)).timeoutDuration(Duration.ZERO).build();
		this.perSecond = perSecond;
		this.closeAfter = properties.floodCloseAfter();
		this.lockout = properties.floodLockout();
		this.clock = clock;
		this.meters = meters;
		this.sockets = sockets;
	}

	/**
	 * In how many equal slices of a second the share is handed out: a share spent in one burst at the start of a
	 * second (a flooder signing in again with hundreds of commands in flight) would reach the writer all at once,
	 * ahead of the other stations' commands. As many slices as divide the share exactly, up to ten, each of at least
	 * {@link #SMALLEST_SLICE} commands: a station client's whole window in flight always fits in one.
	 */
	static int slicesOfASecond(int perSecond) {
		for (int slices = Math.min(10, perSecond / SMALLEST_SLICE); slices > 1; slices--) {
			if (perSecond % slices == 0) {
				return slices;
			}
		}
		return 1;
	}

	/** Whether this sender may ask for one more catch-up now (from this session); counts, logs and closes when not. */
	Verdict allow(String sessionId, String sender, Map<String, Object> sessionAttributes) {
		return allow(sessionId, sender, sessionAttributes, (Glance) null);
	}

	/** What the share looks at in a command before it is parsed; read only when it matters. */
	interface Glance {

		/** The command's id, or null when none is found. */
		String commandId();

		/** Whether it changes whether a line runs (a STOP, a RESUME, a call): never held behind hand-offs. */
		boolean urgent();
	}

	/**
	 * Whether this sender may send one more command now (from this session); counts, logs and closes when not.
	 * Commands keep their order: once a session's command is refused for the share, its later commands are refused
	 * too ({@link Verdict#BEHIND}) until that one is sent again (the station client resends its outbox oldest first),
	 * else a window of commands in flight could see the share come back in the middle and a PASS be applied before
	 * the RECEIVE it follows. A STOP, a RESUME or a call is never held back so (within the share it goes at once, as
	 * it goes ahead of hand-offs in the writer), and a session that never sends the refused one again is let go
	 * after {@link #RESEND_WAIT}.
	 *
	 * @param command a glance at the command, null for a catch-up request
	 */
	Verdict allow(String sessionId, String sender, Map<String, Object> sessionAttributes, Glance command) {
		Burst before = sessions.get(sessionId);
		if (before != null && before.closed()) {
			return Verdict.DROPPED;
		}
		Share share = senders.computeIfAbsent(sender, id -> new Share(RateLimiter.of(id, config),
				Counter.builder("andon.sessions.rate.limited").description("Commands refused because their sender "
						+ "sent more than its share (over all its sessions), by sender").tag("sender", sender)
					.register(meters),
				Counter.builder("andon.sessions.held.back").description("Commands refused because an earlier "
						+ "command of their session was refused for the share and not sent again yet (they keep "
						+ "their order), by sender").tag("sender", sender).register(meters)));
		String waiting = before == null || command == null ? null : before.waitingFor(System.nanoTime());
		boolean resent = waiting != null && waiting.equals(command.commandId());
		boolean inOrder = waiting == null || resent || command.urgent();
		if (inOrder && share.limiter.acquirePermission()) {
			if (resent) {
				before.resent();
			}
			return Verdict.ALLOW;
		}
		long now = System.nanoTime();
		if (!inOrder) {
			share.heldBack.increment();
		}
		else {
			share.refused.increment();
		}
		long last = share.lastLogged.get();
		if (inOrder && (last == 0 || now - last >= 1_000_000_000L) && share.lastLogged.compareAndSet(last, now)) {
			LOG.warn("{} sends more than {} commands a second (now from session {}): refusing the rest with "
					+ "RATE_LIMITED ({} refused so far)", sender, perSecond, sessionId,
					(long) share.refused.count());
		}
		boolean senderFloods = share.burst.refused(now, closeAfter);
		Burst burst = sessions.computeIfAbsent(sessionId, id -> new Burst());
		boolean sessionFloods = burst.refused(now, closeAfter);
		// a sender flooding over many sessions loses those that take part in it, not one of its stations that was
		// refused a few times meanwhile
		if (!sessionFloods && !(senderFloods && burst.refused() > Math.max(1, closeAfter / 10))) {
			if (command != null && waiting == null) {
				burst.waitFor(command.commandId(), now);
			}
			return inOrder ? Verdict.LIMITED : Verdict.BEHIND;
		}
		burst.close();
		String address = String.valueOf(sessionAttributes == null ? null
				: sessionAttributes.get(StompSignIn.REMOTE_ADDRESS));
		Instant nowOnClock = clock.instant();
		Instant until = nowOnClock.plus(lockout);
		barred.values().removeIf(u -> !nowOnClock.isBefore(u));
		barred.put(key(sender, address), until);
		bar(sender, address, nowOnClock, until);
		Counter.builder("andon.sessions.closed.flooding").description("Sessions closed because they (or their sender, "
				+ "over all its sessions) were refused more than andon.protocol.flood-close-after commands within a "
				+ "second, by sender").tag("sender", sender).register(meters).increment();
		LOG.warn("session {} of {} from {} was refused more than {} commands within a second{}: closing it; {} may "
				+ "not sign in again from there until {}", sessionId, sender, address, closeAfter,
				sessionFloods ? "" : " over all its sessions", sender, until);
		// a close frame, not a STOMP ERROR: an ERROR would queue behind the results being written and be dropped
		// with them when the session closes
		sockets.close(sessionId, new CloseStatus(CloseStatus.POLICY_VIOLATION.getCode(), ErrorCode.RATE_LIMITED
				+ ": flooding; sign in again in " + Math.max(1, lockout.toSeconds()) + " s, at most "
				+ perSecond + " commands a second"));
		return Verdict.CLOSED;
	}

	/** The command this session must send again before its later ones are taken, if there is one. */
	Optional<String> waitingFor(String sessionId) {
		Burst burst = sessions.get(sessionId);
		return Optional.ofNullable(burst == null ? null : burst.waitingFor(System.nanoTime()));
	}

	/**
	 * How long this login is still barred from this address for flooding, if it is: closed here, or on another node
	 * of the cluster (read from the database at a sign-in, which is rare).
	 */
	Optional<Duration> barredFor(String login, String address) {
		String key = key(String.valueOf(login), String.valueOf(address));
		Instant now = clock.instant();
		Instant until = barred.get(key);
		if (until == null) {
			until = barredElsewhere(String.valueOf(login), String.valueOf(address), now);
		}
		if (until == null) {
			return Optional.empty();
		}
		if (!now.isBefore(until)) {
			barred.remove(key, until);
			return Optional.empty();
		}
		return Optional.of(Duration.between(now, until));
	}

	/** Writes the lockout where every node sees it; a database that fails here leaves it to this node. */
	private void bar(String login, String address, Instant now, Instant until) {
		try {
			java.time.OffsetDateTime end = until.atOffset(java.time.ZoneOffset.UTC);
			jdbc.update("delete from sign_in_bar where until <= ?", now.atOffset(java.time.ZoneOffset.UTC));
			if (jdbc.update("update sign_in_bar set until = ? where login = ? and address = ?", end, login,
					address) == 0) {
				jdbc.update("insert into sign_in_bar (login, address, until) values (?, ?, ?)", login, address, end);
			}
		}
		catch (org.springframework.dao.DataAccessException ex) {
			LOG.warn("the lockout of {} from {} is kept on this node only: {}", login, address, ex.getMessage());
		}
	}

	private Instant barredElsewhere(String login, String address, Instant now) {
		try {
			return jdbc.query("select until from sign_in_bar where login = ? and address = ? and until > ?",
					rs -> rs.next() ? rs.getObject(1, java.time.OffsetDateTime.class).toInstant() : null,
					login, address, now.atOffset(java.time.ZoneOffset.UTC));
		}
		catch (org.springframework.dao.DataAccessException ex) {
			LOG.warn("could not read the lockouts of other nodes for {}: {}", login, ex.getMessage());
			return null;
		}
	}

	private static String key(String login, String address) {
		return login + "\n" + address;
	}

	/**
	 * A session that closed is forgotten, unless it was closed for flooding: its frames still queued are dropped
	 * for a minute. Entries older than that go too, whatever made them (a frame handled after its session's end
	 * makes one anew).
	 */
	@EventListener
	void closed(SessionDisconnectEvent event) {
		long now = System.nanoTime();
		sessions.entrySet().removeIf(e -> now - e.getValue().since() > 60_000_000_000L);
		sessions.computeIfPresent(event.getSessionId(), (id, burst) -> burst.closed() ? burst : null);
	}

	/** One sender's limiter, its refusals (in all and this second) and when it was last logged. */
	private record Share(RateLimiter limiter, Counter refused, Counter heldBack, AtomicLong lastLogged, Burst burst) {
		Share(RateLimiter limiter, Counter refused, Counter heldBack) {
			this(limiter, refused, heldBack, new AtomicLong(), new Burst());
		}
	}

	/** Refusals (of one session, or one sender) within the second that began at {@code since}. */
	private static final class Burst {

		private long since = System.nanoTime();
		private int refused;
		private boolean closed;
		/** The session's oldest command refused for the share and not sent again, and when it was refused. */
		private String waitingFor;
		private long waitingSince;

		synchronized String waitingFor(long now) {
			if (waitingFor != null && now - waitingSince > RESEND_WAIT.toNanos()) {
				waitingFor = null;
			}
			return waitingFor;
		}

		synchronized void waitFor(String commandId, long now) {
			if (waitingFor == null && commandId != null) {
				waitingFor = commandId;
				waitingSince = now;
			}
		}

		synchronized void resent() {
			waitingFor = null;
		}

		synchronized boolean closed() {
			return closed;
		}

		synchronized void close() {
			closed = true;
		}

		synchronized long since() {
			return since;
		}

		synchronized int refused() {
			return refused;
		}

		/** Counts one refusal; true when there were more than {@code limit} within one second. */
		synchronized boolean refused(long now, int limit) {
			if (refused == 0 || now - since >= 1_000_000_000L) {
				since = now;
				refused = 0;
			}
			refused++;
			return refused > limit;
		}
	}
}
