package org.andon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Escalation timers live in the database: a step that fell due while the server was down fires once after it. */
class EscalationRestartTests {

	@Test
	void anEscalationThatFellDueWhileTheServerWasDownFiresExactlyOnceAfterTheRestart() throws Exception {
		Path dir = Files.createTempDirectory("andon-escalation-restart");
		MutableClock clock = new MutableClock(Instant.parse("2026-11-27T09:00:00Z"));
		try (PageReceiver receiver = new PageReceiver(Map.of("/generic", "receiver-secret-0123456789",
				"/slack", "receiver-secret-0123456789", "/pagerduty", "receiver-secret-0123456789"))) {
			Path plant = EscalationPlant.write(dir, receiver.port());
			long incident;
			try (ConfigurableApplicationContext first = start(dir, plant, clock);
					StationSession weld = StationSession.station(RestartTests.port(first), "WELD")) {
				long stop = weld.command("type", "STOP", "stationId", "WELD", "reason", "MAINTENANCE")
					.path("seq").asLong();
				JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
				incident = jdbc.queryForObject("select id from incident where stop_id = ?", Long.class, stop);
				assertThat(steps(jdbc, incident)).isEqualTo(1);
			}

			clock.advance(Duration.ofMinutes(3)); // the supervisor was due at +2 minutes, while the server was down
			try (ConfigurableApplicationContext second = start(dir, plant, clock)) {
				JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
				await().untilAsserted(() -> assertThat(steps(jdbc, incident)).isEqualTo(2));
				await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
					.until(() -> steps(jdbc, incident) == 2);
				assertThat(jdbc.queryForObject("select count(*) from event_log where type = 'INCIDENT_PAGED' "
						+ "and payload like '%\"step\":2,%'", Long.class)).isEqualTo(1);
				assertThat(jdbc.queryForList("select recipient from page where incident_id = ? and page_key like "
						+ "'%/step/2/%' and channel = 'EMAIL'", String.class, incident)).containsExactly("supervisor");
				assertThat(jdbc.queryForObject("select next_escalation_at from incident where id = ?",
						java.sql.Timestamp.class, incident).toInstant())
					.isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
			}
		}
	}

	private static int steps(JdbcTemplate jdbc, long incident) {
		return jdbc.queryForObject("select steps from incident where id = ?", Integer.class, incident);
	}

	/** A line server on an H2 file in {@code dir} with the given plant, a moved clock and fast timers. */
	static ConfigurableApplicationContext start(Path dir, Path plant, Clock clock) {
		return new SpringApplicationBuilder(LineServerApplication.class)
			.initializers(ctx -> ((GenericApplicationContext) ctx).registerBean("clock", Clock.class, () -> clock))
			.run("--server.port=0", "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("andon") + ";WRITE_DELAY=0",
					"--andon.topology=file:" + plant, "--andon.escalation.tick=50ms", "--andon.paging.poll=50ms");
	}
}
