package org.andon.incident;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.andon.log.EntriesCommitted;
import org.andon.log.LoggedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Incidents opened, time to acknowledge and to resolve (histograms), the level each incident reached when it was
 * resolved, and — read at scrape time — open incidents and the highest level any of them has reached.
 */
@Component
class IncidentMetrics {

	private final MeterRegistry meters;

	IncidentMetrics(MeterRegistry meters, IncidentRepository incidents) {
		this.meters = meters;
		Gauge.builder("andon.incidents.open", incidents, r -> r.countByStatusNot(Incident.RESOLVED))
			.description("Incidents not yet resolved").register(meters);
		Gauge.builder("andon.incidents.escalation.level", incidents, IncidentRepository::highestOpenLevel)
			.description("Highest escalation level reached by an unresolved incident (0: none open)")
			.register(meters);
	}

	@EventListener
	void on(EntriesCommitted committed) {
		for (LoggedEvent e : committed.events()) {
			switch (e.type()) {
				case Escalations.OPENED -> Counter.builder("andon.incidents.opened")
					.description("Incidents opened, by kind").tag("line", e.lineId()).tag("kind", e.text("kind"))
					.register(meters).increment();
				case Escalations.PAGED -> DistributionSummary.builder("andon.incident.escalation.steps")
					.description("Escalation level paged at each step").tag("line", e.lineId()).register(meters)
					.record(e.data().get("level").asInt());
				case Escalations.ACKNOWLEDGED -> timer("andon.incident.time.to.acknowledge", e);
				case Escalations.RESOLVED -> timer("andon.incident.time.to.resolve", e);
				default -> {
				}
			}
		}
	}

	private void timer(String name, LoggedEvent e) {
		Timer.builder(name).description("Seconds from an incident opening to this").tag("line", e.lineId())
			.publishPercentileHistogram().register(meters)
			.record(java.time.Duration.ofSeconds(e.data().get("seconds").asLong()));
	}
}
