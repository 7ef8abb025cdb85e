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
				case Escalations.OPENED -> {
					Counter.builder("andon.incidents.opened").description("Incidents opened, by kind")
						.tag("line", e.lineId()).tag("kind", e.text("kind")).register(meters).increment();
					if ("CALL".equals(e.text("kind"))) {
						Counter.builder("andon.calls").description("Andon calls, by type and station")
							.tag("line", e.lineId()).tag("type", e.text("callType")).tag("station", e.stationId())
							.register(meters).increment();
					}
				}
				case CallHandler.CONTAINED -> closed(e, "contained");
				case "STOP_STARTED" -> {
					if (e.data().has("fromCall")) {
						closed(e, "stopped");
					}
				}
				case Escalations.PAGED -> DistributionSummary.builder("andon.incident.escalation.steps")
					.description("Escalation level paged at each step").tag("line", e.lineId()).register(meters)
					.record(e.data().get("level").asInt());
				case Escalations.ACKNOWLEDGED -> {
					timer("andon.incident.time.to.acknowledge", e);
					if (e.text("callType") != null) {
						Timer.builder("andon.call.response").description("Seconds from a call to its acknowledgement, "
								+ "by call type and the team that serves it").tag("line", e.lineId())
							.tag("type", e.text("callType")).tag("team", String.valueOf(e.text("team")))
							.publishPercentileHistogram().register(meters)
							.record(java.time.Duration.ofSeconds(e.data().get("seconds").asLong()));
					}
				}
				case Escalations.RESOLVED -> timer("andon.incident.time.to.resolve", e);
				default -> {
				}
			}
		}
	}

	/** Contained in time versus turned into a stop: the pull-to-stop ratio. */
	private void closed(LoggedEvent e, String outcome) {
		Counter.builder("andon.calls.closed").description("Calls closed, contained in time or turned into a stop")
			.tag("line", e.lineId()).tag("type", e.text("callType")).tag("outcome", outcome).register(meters)
			.increment();
	}

	private void timer(String name, LoggedEvent e) {
		Timer.builder(name).description("Seconds from an incident opening to this").tag("line", e.lineId())
			.publishPercentileHistogram().register(meters)
			.record(java.time.Duration.ofSeconds(e.data().get("seconds").asLong()));
	}
}
