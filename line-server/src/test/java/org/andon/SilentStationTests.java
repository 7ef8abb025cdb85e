package org.andon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dead-man's handle: a station nobody can pull the andon at during its shift opens an incident that pages the
 * lead once and closes by itself when the station is back; off shift nothing opens. A real line server (the call
 * plant: the day shift runs 06:00 to 22:00 in Berlin), real STOMP sessions, and a clock the test moves.
 */
class SilentStationTests {

	static ConfigurableApplicationContext server;
	static MutableClock clock = new MutableClock(Instant.parse("2026-11-27T08:00:00Z"));
	static PageReceiver receiver;
	static int port;
	static JdbcTemplate jdbc;

	@BeforeAll
	static void start() throws Exception {
		Path dir = Files.createTempDirectory("andon-silence");
		receiver = new PageReceiver(Map.of("/maintenance", CallPlant.SECRET, "/material", CallPlant.SECRET));
		server = new SpringApplicationBuilder(LineServerApplication.class)
			.initializers(ctx -> ((GenericApplicationContext) ctx).registerBean("clock", java.time.Clock.class,
					() -> clock))
			.run("--server.port=0", "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("andon") + ";WRITE_DELAY=0",
					"--andon.topology=file:" + CallPlant.write(dir, receiver.port()), "--andon.escalation.tick=50ms",
					"--andon.paging.poll=50ms", "--andon.silence.after=5m", "--andon.silence.tick=50ms");
		port = RestartTests.port(server);
		jdbc = server.getBean(JdbcTemplate.class);
	}

	@AfterAll
	static void stop() {
		server.close();
		receiver.close();
	}

	@Test
	void aStationSilentInItsShiftPagesTheLeadOnceAndTheIncidentClosesWhenTheStationIsBack() throws Exception {
		clock.set(Instant.parse("2026-11-27T08:00:00Z")); // 09:00 in Berlin
		try (StationSession lead = StationSession.person(port, "lead", "FA1");
				StationSession frame = StationSession.station(port, "FRAME");
				StationSession weld = StationSession.station(port, "WELD");
				StationSession pack = StationSession.station(port, "PACK")) {
			awaitTicks();
			clock.advance(Duration.ofMinutes(4));
			awaitTicks();
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> silent().isEmpty());

			clock.advance(Duration.ofMinutes(2)); // PAINT has had nobody for 6 minutes
			await().atMost(Duration.ofSeconds(10)).until(() -> silent().size() == 1);
			Map<String, Object> incident = silent().get(0);
			assertThat(incident.get("station_id")).isEqualTo("PAINT");
			long id = ((Number) incident.get("id")).longValue();
			await().untilAsserted(() -> assertThat(lead.pages).as("the shift lead is paged")
				.anySatisfy(p -> assertThat(p.path("incident").path("incidentId").asLong()).isEqualTo(id)));

			clock.advance(Duration.ofMinutes(3));
			awaitTicks();
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> silent().size() == 1);
			assertThat(jdbc.queryForObject("select count(*) from incident where kind = 'SILENT'", Long.class))
				.as("one silence, one incident").isEqualTo(1);

			try (StationSession paint = StationSession.station(port, "PAINT")) {
				await().atMost(Duration.ofSeconds(10)).until(() -> "RESOLVED".equals(jdbc.queryForObject(
						"select status from incident where id = ?", String.class, id)));
				assertThat(jdbc.queryForObject("select resolved_by from incident where id = ?", String.class, id))
					.isEqualTo("andon");
				assertThat(jdbc.queryForObject("select cause from incident where id = ?", String.class, id))
					.isEqualTo("station back online");
			}
		}
	}

	@Test
	void noIncidentOpensOutsideAShiftAndTheSilenceCountsFromTheShiftsStart() throws Exception {
		clock.set(Instant.parse("2026-11-28T21:30:00Z")); // 22:30 in Berlin: the day shift is over
		long before = jdbc.queryForObject("select count(*) from incident where kind = 'SILENT'", Long.class);
		try (StationSession frame = StationSession.station(port, "FRAME");
				StationSession weld = StationSession.station(port, "WELD");
				StationSession pack = StationSession.station(port, "PACK")) {
			for (int hour = 0; hour < 7; hour++) { // to 05:30 in Berlin, PAINT silent all night
				awaitTicks();
				clock.advance(Duration.ofHours(1));
			}
			awaitTicks();
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> silent().isEmpty());

			clock.set(Instant.parse("2026-11-29T05:02:00Z")); // 06:02: the shift has begun
			awaitTicks();
			clock.advance(Duration.ofMinutes(4));
			awaitTicks();
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> silent().isEmpty());
			clock.advance(Duration.ofMinutes(2));
			await().atMost(Duration.ofSeconds(10)).until(() -> silent().size() == 1);
			assertThat(jdbc.queryForObject("select count(*) from incident where kind = 'SILENT'", Long.class))
				.isEqualTo(before + 1);
		}
		try (StationSession paint = StationSession.station(port, "PAINT")) {
			await().atMost(Duration.ofSeconds(10)).until(() -> silent().isEmpty());
		}
	}

	/** Waits until the watcher has looked at the stations at the clock's current time (its last-check gauge). */
	private static void awaitTicks() {
		long now = clock.instant().getEpochSecond();
		await().atMost(Duration.ofSeconds(10)).until(() -> lastCheck() >= now);
	}

	private static double lastCheck() throws Exception {
		String scrape = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
				java.net.URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
				java.net.http.HttpResponse.BodyHandlers.ofString()).body();
		java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^andon_silence_last_check_seconds(\\{[^}]*\\})? (\\S+)$")
			.matcher(scrape);
		return m.find() ? Double.parseDouble(m.group(2)) : 0;
	}

	private static List<Map<String, Object>> silent() {
		return jdbc.queryForList("select id, station_id from incident where kind = 'SILENT' and status <> 'RESOLVED'");
	}
}
