package org.andon.messaging;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.andon.command.Actor;
import org.andon.people.ActorPrincipal;
import org.andon.people.Credentials;
import org.andon.people.SignInProperties;
import org.andon.people.SignInThrottle;
import org.andon.protocol.ErrorCode;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Signs sessions in from the CONNECT frame's login and passcode, and decides what a session may subscribe and send
 * to. A refusal here becomes a STOMP ERROR frame naming the error code (and the session closes, as STOMP requires);
 * refusals of commands are results instead, and keep the session open. The ERROR frame is sent from here rather
 * than by throwing: with per-session ordering on, Spring only logs an exception thrown by an interceptor.
 */
@Component
class StompSignIn implements ExecutorChannelInterceptor {

	private static final Pattern LINE_TOPIC = Pattern.compile("/topic/line\\.([A-Za-z0-9_.-]+)");
	private static final Set<String> OWN_QUEUES = Set.of("/user/queue/results", "/user/queue/station",
			"/user/queue/sync", "/user/queue/pages");
	private static final Set<String> SEND_TO = Set.of("/app/commands", "/app/sync");

	/** The session attribute holding the address the WebSocket came from ({@link WebSocketConfig}). */
	static final String REMOTE_ADDRESS = "andon.remoteAddress";
	/** Session attribute: the common name of the client certificate the WebSocket was opened with (mutual TLS). */
	static final String CERTIFICATE_NAME = "andon.certificateName";

	private final Credentials credentials;
	private final SignInThrottle throttle;
	/** A station must sign in over a connection with its own client certificate ({@link SignInProperties}). */
	private final boolean stationCertificates;
	private final MeterRegistry meters;
	private final StationSnapshots snapshots;
	private final SenderRateLimits rateLimits;

	private final MessageChannel toClients;
	/** Per session: its CONNECTED frame has been written ({@link #outbound()}). */
	private final java.util.concurrent.ConcurrentMap<String, java.util.concurrent.CompletableFuture<Void>> connectedOut =
			new java.util.concurrent.ConcurrentHashMap<>();
	/** Per session: how many of its frames are being written now, and whether an ERROR frame is ending it. */
	private final java.util.concurrent.ConcurrentMap<String, Writing> writes =
			new java.util.concurrent.ConcurrentHashMap<>();

	StompSignIn(Credentials credentials, SignInThrottle throttle, SignInProperties signIn, MeterRegistry meters,
			StationSnapshots snapshots, SenderRateLimits rateLimits,
			@Lazy @Qualifier("clientOutboundChannel") MessageChannel toClients) {
		this.stationCertificates = signIn.stationCertificates();
		this.rateLimits = rateLimits;
		this.credentials = credentials;
		this.throttle = throttle;
		this.meters = meters;
		this.snapshots = snapshots;
		this.toClients = toClients;
	}

	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		try {
			return check(message);
		}
		catch (MessageDeliveryException refused) {
			StompHeaderAccessor in = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
			StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
			error.setMessage(refused.getMessage());
			error.setSessionId(in.getSessionId());
			Message<byte[]> frame = MessageBuilder.createMessage(new byte[0], error.getMessageHeaders());
			if (in.getCommand() == StompCommand.CONNECT || in.getCommand() == StompCommand.STOMP) {
				toClients.send(frame);
			}
			else {
				// the session's first frame is CONNECTED: the ERROR goes once that is out, and then once nothing else
				// is being written to the session (outbound()), else it would be dropped (seen in AccessTests)
				connectedOut.computeIfAbsent(in.getSessionId(), id -> new java.util.concurrent.CompletableFuture<>())
					.completeOnTimeout(null, 2, java.util.concurrent.TimeUnit.SECONDS)
					.thenRun(() -> toClients.send(frame));
			}
			return null;
		}
	}

	private Message<?> check(Message<?> message) {
		StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (stomp == null || stomp.getCommand() == null) {
			return message;
		}
		StompCommand command = stomp.getCommand();
		if (command == StompCommand.CONNECT || command == StompCommand.STOMP) {
			Object address = stomp.getSessionAttributes() == null ? null
					: stomp.getSessionAttributes().get(REMOTE_ADDRESS);
			String from = String.valueOf(address);
			java.util.Optional<java.time.Duration> barred = rateLimits.barredFor(stomp.getLogin(), from);
			if (barred.isPresent()) {
				throw refuse(ErrorCode.RATE_LIMITED, "'" + stomp.getLogin() + "' was closed for flooding from this "
						+ "address; sign in again in " + Math.max(1, barred.get().toSeconds()) + " s and send at most "
						+ "its share of commands a second");
			}
			java.util.Optional<SignInThrottle.Refusal> refused = throttle.refusedFor(stomp.getLogin(), from);
			if (refused.isPresent()) {
				throw refuse(ErrorCode.TOO_MANY_SIGN_INS, refused.get().message(stomp.getLogin()));
			}
			if (stationCertificates && credentials.isStation(stomp.getLogin())) {
				// before the token is checked: the answer must not tell whether a token without the key was right
				Object named = stomp.getSessionAttributes() == null ? null
						: stomp.getSessionAttributes().get(CERTIFICATE_NAME);
				if (!stomp.getLogin().equalsIgnoreCase(String.valueOf(named))) {
					org.slf4j.LoggerFactory.getLogger(StompSignIn.class).warn("station '{}' refused from {}: {}",
							stomp.getLogin(), from, named == null ? "no client certificate"
									: "client certificate for '" + named + "'");
					throw refuse(ErrorCode.UNAUTHENTICATED, named == null
							? "station '" + stomp.getLogin() + "' signs in only with its own client certificate "
									+ "(mutual TLS, andon.sign-in.station-certificates)"
							: "this connection's client certificate is for '" + named + "', not for station '"
									+ stomp.getLogin() + "'");
				}
			}
			java.util.Optional<Actor> signedIn = credentials.authenticate(stomp.getLogin(), stomp.getPasscode());
			if (signedIn.isEmpty()) {
				throttle.failed(stomp.getLogin(), from);
				throw refuse(ErrorCode.UNAUTHENTICATED, "login or passcode is wrong for '" + stomp.getLogin() + "'");
			}
			throttle.succeeded(stomp.getLogin(), from);
			stomp.setUser(new ActorPrincipal(signedIn.get()));
			writes.put(stomp.getSessionId(), new Writing());
			return message;
		}
		if (command != StompCommand.SUBSCRIBE && command != StompCommand.SEND) {
			return message;
		}
		if (!(stomp.getUser() instanceof ActorPrincipal principal)) {
			throw refuse(ErrorCode.UNAUTHENTICATED, "sign in with login and passcode in the CONNECT frame first");
		}
		String destination = stomp.getDestination() == null ? "" : stomp.getDestination();
		if (command == StompCommand.SEND) {
			if (!SEND_TO.contains(destination)) {
				throw refuse(ErrorCode.FORBIDDEN, "commands go to /app/commands and /app/sync, not " + destination);
			}
			return message;
		}
		if (OWN_QUEUES.contains(destination)) {
			return message;
		}
		Matcher topic = LINE_TOPIC.matcher(destination);
		if (topic.matches()) {
			Actor actor = principal.actor();
			if (actor.isStation() && !actor.lineId().equals(topic.group(1))) {
				throw refuse(ErrorCode.FORBIDDEN, "station " + actor.stationId() + " may only follow its own line "
						+ actor.lineId());
			}
			return message;
		}
		throw refuse(ErrorCode.FORBIDDEN, "no such destination to subscribe to: " + destination);
	}

	/** Once a station's subscription to its queue is registered, it gets its current state. */
	@Override
	public void afterMessageHandled(Message<?> message, MessageChannel channel,
			org.springframework.messaging.MessageHandler handler, Exception ex) {
		StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (ex == null && stomp != null && stomp.getCommand() == StompCommand.SUBSCRIBE
				&& "/user/queue/station".equals(stomp.getDestination())
				&& stomp.getUser() instanceof ActorPrincipal p && p.actor().isStation()
				&& handler instanceof org.springframework.messaging.simp.user.UserDestinationMessageHandler) {
			try {
				snapshots.sendState(p.actor().stationId(), stomp.getSessionId());
			}
			catch (org.springframework.messaging.MessagingException notSent) {
				// in a cluster the relay may not have this session's broker connection up yet (a station failing
				// over): the station asks for the same view with its catch-up sync right after it subscribes
				org.slf4j.LoggerFactory.getLogger(StompSignIn.class).warn("STATE snapshot of {} not sent on session {}"
						+ " ({}); its catch-up sync brings it", p.actor().stationId(), stomp.getSessionId(),
						notSent.getMessage());
			}
		}
	}

	/**
	 * Watches the outbound channel: each session's CONNECTED frame having been written, and the ERROR frame that ends a
	 * session. Spring closes the socket as soon as it has handed an ERROR frame over, and a frame handed over while
	 * another thread is still writing to the session (its STATE snapshot, a sync reply) only waits in the session's
	 * buffer and is thrown away with it. So an ERROR frame is handled once nothing else is being written to its
	 * session, and what would follow it to a session that is being closed is dropped.
	 */
	ExecutorChannelInterceptor outbound() {
		return new ExecutorChannelInterceptor() {
			@Override
			public Message<?> beforeHandle(Message<?> message, MessageChannel channel,
					org.springframework.messaging.MessageHandler handler) {
				String session = org.springframework.messaging.simp.SimpMessageHeaderAccessor
					.getSessionId(message.getHeaders());
				if (session == null) {
					return message;
				}
				Writing writing = writes.get(session);
				if (writing == null) {
					return message; // not signed in: a refused CONNECT's ERROR is the only frame
				}
				if (isError(message)) {
					writing.ending = true;
					writing.awaitIdle(java.time.Duration.ofSeconds(2));
					return message;
				}
				if (writing.ending) {
					return null; // the session is being closed with an ERROR frame
				}
				writing.started();
				return message;
			}

			@Override
			public void afterMessageHandled(Message<?> message, MessageChannel channel,
					org.springframework.messaging.MessageHandler handler, Exception ex) {
				String session = org.springframework.messaging.simp.SimpMessageHeaderAccessor
					.getSessionId(message.getHeaders());
				if (session == null) {
					return;
				}
				if (!isError(message)) {
					Writing writing = writes.get(session);
					if (writing != null) {
						writing.ended();
					}
				}
				if (org.springframework.messaging.simp.SimpMessageHeaderAccessor.getMessageType(message.getHeaders())
						== org.springframework.messaging.simp.SimpMessageType.CONNECT_ACK) {
					connectedOut.computeIfAbsent(session, id -> new java.util.concurrent.CompletableFuture<>())
						.complete(null);
				}
			}
		};
	}

	private static boolean isError(Message<?> message) {
		return StompHeaderAccessor.getCommand(message.getHeaders()) == StompCommand.ERROR;
	}

	private static final class Writing {

		private int inProgress;

		volatile boolean ending;

		synchronized void started() {
			inProgress++;
		}

		synchronized void ended() {
			if (--inProgress <= 0) {
				inProgress = 0;
				notifyAll();
			}
		}

		synchronized void awaitIdle(java.time.Duration atMost) {
			long deadline = System.nanoTime() + atMost.toNanos();
			long left;
			while (inProgress > 0 && (left = deadline - System.nanoTime()) > 0) {
				try {
					java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	@org.springframework.context.event.EventListener
	void closed(org.springframework.web.socket.messaging.SessionDisconnectEvent event) {
		connectedOut.remove(event.getSessionId());
		writes.remove(event.getSessionId());
	}

	private MessageDeliveryException refuse(ErrorCode code, String message) {
		Counter.builder("andon.commands.refused").description("Commands refused, by error code")
			.tag("code", code.name()).register(meters).increment();
		return new MessageDeliveryException(code + ": " + message);
	}
}
