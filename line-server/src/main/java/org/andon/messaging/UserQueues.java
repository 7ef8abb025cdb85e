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
 */
@Component
public class UserQueues {

	private final SimpMessagingTemplate template;
	private final SimpUserRegistry users;

	UserQueues(@Lazy SimpMessagingTemplate template, @Lazy SimpUserRegistry users) {
		this.template = template;
		this.users = users;
	}

	/** Whether the user has at least one open session. */
	public boolean isConnected(String user) {
		return users.getUser(user) != null;
	}

	/** Sends to {@code /user/{user}{destination}} on each session; returns how many sessions it went to. */
	public int send(String user, String destination, Object payload) {
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

	static java.util.Map<String, Object> toSession(String sessionId) {
		SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		headers.setSessionId(sessionId);
		headers.setLeaveMutable(true);
		return headers.getMessageHeaders();
	}
}
