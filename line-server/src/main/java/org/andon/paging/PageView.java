package org.andon.paging;

import java.time.Instant;
import java.util.List;

/** A page with every attempt to deliver it, for the incident API and for finding pages that never arrived. */
public record PageView(long id, String pageKey, long incidentId, String event, String channel, String recipient,
		String status, int attempts, Instant createdAt, Instant deliveredAt, Instant nextAttemptAt, String lastError,
		List<Attempt> history) {

	/** One delivery attempt. */
	public record Attempt(int attempt, Instant at, boolean delivered, String detail) {
	}
}
