package org.andon.paging;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read side of the outbox: an incident's pages with every attempt, and the pages that could not be delivered. */
@Service
public class PagingOutbox {

	private final PageRepository pages;
	private final PageAttemptRepository attempts;

	PagingOutbox(PageRepository pages, PageAttemptRepository attempts) {
		this.pages = pages;
		this.attempts = attempts;
	}

	@Transactional(readOnly = true)
	public List<PageView> ofIncident(long incidentId) {
		return pages.findByIncidentIdOrderById(incidentId).stream().map(this::view).toList();
	}

	@Transactional(readOnly = true)
	public List<PageView> withStatus(String status) {
		return pages.findByStatusOrderById(status).stream().map(this::view).toList();
	}

	private PageView view(Page p) {
		return p.view(attempts.findByPageIdOrderByAttempt(p.id()).stream().map(PageAttempt::view).toList());
	}
}
