package org.andon.messaging;

import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.user.SimpSession;
import org.springframework.messaging.simp.user.SimpUser;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.stereotype.Component;

/**
 * Sends to a user's queue on every open session of that user, one message per session. Spring's own fan-out reuses
 * one message for all sessions, which the order-preserving broker channel refuses from the second session on
 * ("Expected mutable SimpMessageHeaderAccessor"): a station with a tablet and a terminal open would miss its HALT.
 * <p>
 * In cluster mode the sessions of a user may sit on any node, and no node knows the others' sessions for sure (a
 * station that just failed over is on a new node). So the message is broadcast through the broker to every node,
 * and each node hands it to the sessions it holds itself: exact, whatever moved a second ago.
 */
@Component
class UserQueues {

	/** The broker topic every node listens on for user messages to deliver to its own sessions. */
	static final String CLUSTER_BROADCAST = "/topic/andon.unresolved-user";

	private final SimpMessagingTemplate template;
	private final SimpUserRegistry users;
	private final boolean cluster;

	UserQueues(@Lazy SimpMessagingTemplate template, @Lazy SimpUserRegistry users, ClusterProperties cluster) {
		this.template = template;
		this.users = users;
		this.cluster = cluster.enabled();
	}

	/**
	 * Sends to {@code /user/{user}{destination}} on each session; returns how many sessions it went to, or
	 * {@link #EVERY_NODE} in cluster mode, where it went to every node for the sessions each of them holds.
	 */
	int send(String user, String destination, Object payload) {
		if (cluster) {
			SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
			// what Spring's user-destination broadcast carries: each node resolves it against its own sessions
			headers.setNativeHeader(SimpMessageHeaderAccessor.ORIGINAL_DESTINATION, "/user/" + user + destination);
			headers.setLeaveMutable(true);
			template.convertAndSend(CLUSTER_BROADCAST, payload, headers.getMessageHeaders());
			return EVERY_NODE;
		}
		SimpUser u = users.getUser(user);
		if (u == null) {
			return 0;
		}
		int sent = 0;
		for (SimpSession session : u.getSessions()) {
			template.convertAndSendToUser(user, destination, payload, toSession(session.getId()));
			sent++;
		}
		return sent;
	}

	/**
	 * Hands a user message that some node broadcast to every session of the user on this node, one message per
	 * session (the body as it came from the broker, already converted).
	 */
	void deliverHere(String user, String destination, Object body, String contentType) {
		SimpUser u = users.getUser(user);
		if (u == null) {
			return;
		}
		for (SimpSession session : u.getSessions()) {
			SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
			headers.setSessionId(session.getId());
			if (contentType != null) {
				headers.setContentType(org.springframework.util.MimeType.valueOf(contentType));
			}
			headers.setLeaveMutable(true);
			// sent as is: converting the bytes again would turn the JSON into a JSON string
			template.send("/user/" + user + destination,
					org.springframework.messaging.support.MessageBuilder.createMessage(body, headers.getMessageHeaders()));
		}
	}

	/** What {@link #send} returns in cluster mode: handed to every node, for the sessions each one holds. */
	static final int EVERY_NODE = -1;

	static java.util.Map<String, Object> toSession(String sessionId) {
		SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		headers.setSessionId(sessionId);
		headers.setLeaveMutable(true);
		return headers.getMessageHeaders();
	}
}
