package org.andon.messaging;

import org.andon.stop.LineStates;
import org.andon.stop.StationView;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;

/** Sends a station its current state (a STATE push carrying the snapshot) on one session. */
@Component
class StationSnapshots {

	private final LineStates states;
	private final SimpMessagingTemplate template;

	/** The template is lazy: the broker configuration that creates it needs this class (through the sign-in). */
	StationSnapshots(LineStates states, @Lazy SimpMessagingTemplate template) {
		this.states = states;
		this.template = template;
	}

	StationPush snapshot(String stationId) {
		StationView view = states.station(stationId);
		return new StationPush("STATE", view.seq(), view.since(), stationId, null, view);
	}

	void sendState(String stationId, String sessionId) {
		template.convertAndSendToUser(stationId, "/queue/station", snapshot(stationId), toSession(sessionId));
	}

	static java.util.Map<String, Object> toSession(String sessionId) {
		SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		headers.setSessionId(sessionId);
		headers.setLeaveMutable(true);
		return headers.getMessageHeaders();
	}
}
