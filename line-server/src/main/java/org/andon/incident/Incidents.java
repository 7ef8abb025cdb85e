package org.andon.incident;

import java.time.Clock;

import java.util.List;
import java.util.Map;

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
	private final Escalations escalations;
	private final Clock clock;

	Incidents(IncidentRepository incidents, IncidentStepRepository steps, PagingOutbox outbox,
			Escalations escalations, Clock clock) {
		this.incidents = incidents;
		this.steps = steps;
		this.outbox = outbox;
		this.escalations = escalations;
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

	/** Calls by type and station: how many, contained in time, turned into stops, and how fast teams answered. */
	public record CallSummary(String type, long calls, long contained, long stopped, long open,
			double pullToStopRatio, Double meanSecondsToAcknowledge) {
	}

	/** Calls per type and per station of a line (all lines when null). */
	@Transactional(readOnly = true)
	public Map<String, Object> callSummary(String lineId) {
		List<Incident> calls = incidents.calls(lineId);
		Map<String, CallSummary> byType = new java.util.TreeMap<>();
		calls.stream().collect(java.util.stream.Collectors.groupingBy(Incident::callType)).forEach((type, list) -> {
			long stopped = list.stream().filter(i -> i.stopId() != null).count();
			long contained = list.stream().filter(Incident::contained).count();
			var acked = list.stream().map(i -> i.view(null, List.of(), List.of(), clock.instant()))
				.filter(v -> v.secondsToAcknowledge() != null).mapToLong(IncidentView::secondsToAcknowledge)
				.average();
			byType.put(type, new CallSummary(type, list.size(), contained, stopped,
					list.size() - contained - list.stream().filter(i -> i.resolved() && !i.contained()).count(),
					list.isEmpty() ? 0 : (double) stopped / list.size(),
					acked.isPresent() ? acked.getAsDouble() : null));
		});
		Map<String, Long> byStation = new java.util.TreeMap<>(calls.stream()
			.collect(java.util.stream.Collectors.groupingBy(Incident::stationId, java.util.stream.Collectors.counting())));
		return Map.of("byType", byType.values(), "byStation", byStation);
	}

	private IncidentView view(Incident i) {
		return i.view(escalations.teamOf(i), steps.findByIncidentIdOrderByStep(i.id()).stream().map(IncidentStep::view).toList(),
				outbox.ofIncident(i.id()), clock.instant());
	}
}
