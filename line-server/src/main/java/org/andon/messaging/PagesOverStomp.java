package org.andon.messaging;

import tools.jackson.databind.JsonNode;

import org.andon.paging.LivePush;
import org.springframework.stereotype.Component;

/** Paging's live push over STOMP: a page goes to {@code /user/queue/pages} on each of the person's sessions. */
@Component
class PagesOverStomp implements LivePush {

	private final UserQueues queues;

	PagesOverStomp(UserQueues queues) {
		this.queues = queues;
	}

	@Override
	public boolean push(String username, JsonNode page) {
		return queues.send(username, "/queue/pages", page) != 0;
	}
}
