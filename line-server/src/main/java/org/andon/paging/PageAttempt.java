package org.andon.paging;

import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** One try to deliver a page, kept so a missed page can be explained afterwards. */
@Entity
@Table(name = "page_attempt")
@IdClass(PageAttempt.Key.class)
class PageAttempt {

	@Id
	@Column(name = "page_id")
	private long pageId;

	@Id
	private int attempt;

	@Column(nullable = false)
	private Instant at;

	@Column(nullable = false)
	private boolean delivered;

	private String detail;

	protected PageAttempt() {
	}

	PageAttempt(long pageId, int attempt, Instant at, boolean delivered, String detail) {
		this.pageId = pageId;
		this.attempt = attempt;
		this.at = at;
		this.delivered = delivered;
		this.detail = detail == null || detail.length() <= 500 ? detail : detail.substring(0, 500);
	}

	PageView.Attempt view() {
		return new PageView.Attempt(attempt, at, delivered, detail);
	}

	record Key(long pageId, int attempt) implements Serializable {
	}
}
