package org.andon.incident;

import java.time.Clock;

import org.andon.paging.PagingOutbox;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read side of incidents: open and recent ones with their escalation history and every page attempt. */
@Service
public class Incidents {

	private final IncidentRepository incidents;
	private final IncidentStepRepository steps;
	private final PagingOutbox outbox;
	private final Clock clock;

	Incidents(IncidentRepository incidents, IncidentStepRepository steps, PagingOutbox outbox, Clock clock) {
		this.incidents = incidents;
		this.steps = steps;
		this.outbox = outbox;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	public Page<IncidentView> list(String lineId, boolean openOnly, int page, int size) {
		return incidents.search(lineId, openOnly, PageRequest.of(page, size)).map(this::view);
	}

	@Transactional(readOnly = true)
	public java.util.Optional<IncidentView> find(long id) {
		return incidents.findById(id).map(this::view);
	}

	private IncidentView view(Incident i) {
		return i.view(steps.findByIncidentIdOrderByStep(i.id()).stream().map(IncidentStep::view).toList(),
				outbox.ofIncident(i.id()), clock.instant());
	}
}
