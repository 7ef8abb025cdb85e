package org.andon.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.andon.testsupport.LineServerProcess;

import static org.awaitility.Awaitility.await;

/**
 * One scrape of {@code /actuator/prometheus} from a real line server after a {@link DemoShift}, shared by the tests
 * that check the Prometheus and Grafana assets against what the server really exposes. Taken from the first server
 * of the run that has had a demo shift ({@link #takeFrom}), or from one started for it.
 */
final class LiveScrape {

	/** Series every andon metric of today's line server produces once the demo shift has run. */
	static final List<String> AFTER_A_SHIFT = List.of("andon_handoffs_total", "andon_rejects_total",
			"andon_defects_reported_total", "andon_stops_total", "andon_stations", "andon_commands_refused_total",
			"andon_command_duration_seconds_bucket", "andon_stop_halt_latency_seconds_bucket",
			"andon_incidents_opened_total", "andon_incidents_open", "andon_incidents_escalation_level",
			"andon_incident_time_to_acknowledge_seconds_bucket", "andon_incident_time_to_resolve_seconds_bucket",
			"andon_pages_total", "andon_pages_undelivered");

	private static Exposition scrape;

	private LiveScrape() {
	}

	static synchronized Exposition get() throws Exception {
		if (scrape == null) {
			Path dir = Files.createTempDirectory("andon-ops-scrape");
			try (LineServerProcess server = LineServerProcess.startOnH2(dir.resolve("data/andon"),
					dir.resolve("line-server.log"))) {
				DemoShift.run(server, "SCRAPE");
				takeFrom(server);
			}
		}
		return scrape;
	}

	/** Keeps the scrape of {@code server}, which has just run a demo shift, unless one was taken already. */
	static synchronized void takeFrom(LineServerProcess server) {
		if (scrape != null) {
			return;
		}
		// metrics are counted when the commit is published; wait until the last of them shows
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			Exposition e = Exposition.parse(server.get(LineServerJob.METRICS_PATH, null));
			boolean complete = AFTER_A_SHIFT.stream().allMatch(e::has)
					&& e.sum("andon_stop_halt_latency_seconds_count") > 0;
			if (complete) {
				scrape = e;
			}
			return complete;
		});
	}
}
