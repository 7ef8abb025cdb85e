package org.andon.paging;

import java.time.Duration;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One message to one receiver on one channel, in the outbox until delivered or given up. */
@Entity
@Table(name = "page")
class Page {

	static final String PENDING = "PENDING";
	static final String DELIVERED = "DELIVERED";
	static final String UNDELIVERABLE = "UNDELIVERABLE";
	/** Not sent on its own: the recipient was in an alarm flood, and a FLOOD page told them of it instead. */
	static final String BUNDLED = "BUNDLED";

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(name = "page_key", nullable = false)
	private String pageKey;

	@Column(name = "incident_id", nullable = false)
	private long incidentId;

	@Column(nullable = false)
	private String event;

	@Column(nullable = false)
	private String channel;

	@Column(nullable = false)
	private String recipient;

	@Column(nullable = false)
	private String status;

	@Column(nullable = false)
	private String body;

	private String subject;

	@Column(nullable = false)
	private int attempts;

	@Column(name = "next_attempt_at", nullable = false)
	private Instant nextAttemptAt;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "delivered_at")
	private Instant deliveredAt;

	@Column(name = "last_error")
	private String lastError;

	protected Page() {
	}

	Page(String pageKey, long incidentId, String event, String channel, String recipient, String subject, String body,
			Instant now) {
		this.pageKey = pageKey;
		this.incidentId = incidentId;
		this.event = event;
		this.channel = channel;
		this.recipient = recipient;
		this.subject = subject;
		this.body = body;
		this.status = PENDING;
		this.createdAt = now;
		this.nextAttemptAt = now;
	}

	/** Kept as a record of the alarm, never sent: the recipient's FLOOD page stands for it. */
	Page bundled() {
		status = BUNDLED;
		return this;
	}

	/** Records a delivery; returns the attempt number. */
	int delivered(Instant at) {
		attempts++;
		status = DELIVERED;
		deliveredAt = at;
		lastError = null;
		return attempts;
	}

	/** Records an attempt the receiver refused for good: the page is given up at once. */
	int refused(Instant at, String error) {
		attempts++;
		lastError = error.length() > 500 ? error.substring(0, 500) : error;
		status = UNDELIVERABLE;
		return attempts;
	}

	/** Records a failed attempt and schedules the next one, or gives up after {@code maxAttempts}. */
	int failed(Instant at, String error, Duration firstBackoff, Duration maxBackoff, int maxAttempts) {
		attempts++;
		lastError = error.length() > 500 ? error.substring(0, 500) : error;
		if (attempts >= maxAttempts) {
			status = UNDELIVERABLE;
			return attempts;
		}
		long factor = 1L << Math.min(attempts - 1, 20);
		Duration backoff = firstBackoff.multipliedBy(factor);
		nextAttemptAt = at.plus(backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff);
		return attempts;
	}

	Long id() {
		return id;
	}

	Instant nextAttemptAt() {
		return nextAttemptAt;
	}

	String pageKey() {
		return pageKey;
	}

	String channel() {
		return channel;
	}

	String recipient() {
		return recipient;
	}

	String status() {
		return status;
	}

	String body() {
		return body;
	}

	String subject() {
		return subject;
	}

	String event() {
		return event;
	}

	PageView view(java.util.List<PageView.Attempt> attempts) {
		return new PageView(id, pageKey, incidentId, event, channel, recipient, status, this.attempts, createdAt,
				deliveredAt, status.equals(PENDING) ? nextAttemptAt : null, lastError, attempts);
	}
}
