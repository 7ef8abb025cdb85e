package org.andon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lead is called at once and the call climbs until someone answers: a real SMTP server (GreenMail), a real HTTP
 * receiver checking signatures, real STOMP sessions, and a clock the test moves instead of waiting.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@Import(MorningClock.class)
class EscalationTests {

	static final Instant MORNING = MorningClock.MORNING; // 10:00 in Berlin: the early shift
	static final String SECRET = "receiver-secret-0123456789";

	@RegisterExtension
	static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP);

	static PageReceiver receiver;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcTemplate jdbc;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void plant(DynamicPropertyRegistry registry) throws Exception {
		receiver = new PageReceiver(Map.of("/generic", SECRET, "/slack", SECRET, "/pagerduty", SECRET));
		Path dir = Files.createTempDirectory("andon-escalation");
		Path plant = EscalationPlant.write(dir, receiver.port());
		registry.add("andon.topology", () -> "file:" + plant);
		registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + dir.resolve("andon") + ";WRITE_DELAY=0");
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> ServerSetupTest.SMTP.getPort());
		registry.add("andon.escalation.tick", () -> "50ms");
		registry.add("andon.paging.poll", () -> "50ms");
		registry.add("andon.paging.first-backoff", () -> "10s");
		registry.add("andon.paging.max-attempts", () -> "4");
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@AfterEach
	void resolveEverythingLeft() throws Exception {
		receiver.failNext("/generic", 0);
		List<Long> open = jdbc.queryForList("select id from incident where status <> 'RESOLVED'", Long.class);
		if (!open.isEmpty()) {
			try (StationSession admin = StationSession.person(port, "admin", "FA1")) {
				for (long id : open) {
					LineServerTestSupport.assertAccepted(admin.command("type", "RESOLVE", "incidentId", id, "cause",
							"test over", "countermeasure", "none"));
				}
			}
		}
		// no webhook page of this test may still be in flight when the next test counts requests
		await().untilAsserted(() -> {
			clock.advance(Duration.ofMinutes(10));
			assertThat(jdbc.queryForObject("select count(*) from page where channel = 'WEBHOOK' and status = 'PENDING'",
					Long.class)).isZero();
		});
	}

	@Test
	void aStopPagesTheLeadOnEveryChannelThenTheSupervisorThenThePlantManagerUntilSomeoneAcknowledges()
			throws Exception {
		try (StationSession weld = StationSession.station(port, "WELD");
				StationSession lead = StationSession.person(port, "lead", "FA1");
				StationSession supervisor = StationSession.person(port, "supervisor", "FA1")) {
			long incident = stop(weld, "WELD");

			// level 1, the shift lead, on push, email and all three webhooks at once
			await().untilAsserted(() -> {
				assertThat(lead.pages).anySatisfy(p -> assertThat(p.path("incident").path("incidentId").asLong())
					.isEqualTo(incident));
				assertThat(mailsTo("lead@plant.example", incident)).hasSize(1);
				assertThat(delivered("/generic", incident)).hasSize(1);
				assertThat(delivered("/slack", incident)).hasSize(1);
				assertThat(delivered("/pagerduty", incident)).hasSize(1);
			});
			assertThat(pagedPeople(incident)).containsOnly("lead");

			clock.advance(Duration.ofMinutes(2));
			await().untilAsserted(() -> {
				assertThat(supervisor.pages).anySatisfy(p -> assertThat(p.path("incident").path("level").asInt())
					.as("levels count from 1: the supervisor is level 2").isEqualTo(2));
				assertThat(mailsTo("supervisor@plant.example", incident)).hasSize(1);
			});
			assertThat(mailsTo("manager@plant.example", incident)).isEmpty();

			clock.advance(Duration.ofMinutes(5));
			await().untilAsserted(() -> assertThat(mailsTo("manager@plant.example", incident)).hasSize(1));
			clock.advance(Duration.ofMinutes(5));
			await().untilAsserted(() -> assertThat(mailsTo("manager@plant.example", incident))
				.as("the last level is paged again until someone acknowledges").hasSize(2));

			JsonNode ack = lead.command("type", "ACKNOWLEDGE", "incidentId", incident, "note", "on my way");
			LineServerTestSupport.assertAccepted(ack);
			int steps = steps(incident);
			clock.advance(Duration.ofMinutes(30));
			await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(3))
				.until(() -> steps(incident) == steps);
			assertThat(jdbc.queryForObject("select status || ':' || acknowledged_by from incident where id = ?",
					String.class, incident)).isEqualTo("ACKNOWLEDGED:lead");
			await().untilAsserted(() -> assertThat(delivered("/pagerduty", incident))
				.anySatisfy(r -> assertThat(json(r.body()).path("event_action").asString()).isEqualTo("acknowledge")));
		}
	}

	@Test
	void webhookBodiesAreSignedAndSpeakSlackAndPagerDuty() throws Exception {
		try (StationSession paint = StationSession.station(port, "PAINT")) {
			long incident = stop(paint, "PAINT");
			await().untilAsserted(() -> assertThat(delivered("/pagerduty", incident)).hasSize(1));
			await().untilAsserted(() -> assertThat(delivered("/slack", incident)).hasSize(1));
			assertThat(receiver.received).allSatisfy(r -> assertThat(r.signatureValid()).isTrue());

			JsonNode pd = json(delivered("/pagerduty", incident).get(0).body());
			assertThat(pd.path("routing_key").asString()).isEqualTo("R0UTINGKEY0123456789ABCDEFGHIJKL");
			assertThat(pd.path("event_action").asString()).isEqualTo("trigger");
			assertThat(pd.path("dedup_key").asString()).isEqualTo(String.valueOf(incident));
			assertThat(pd.path("payload").path("severity").asString()).isEqualTo("error");
			assertThat(pd.path("payload").path("source").asString()).isEqualTo("andon/FA1/PAINT");
			assertThat(pd.path("payload").path("summary").asString()).contains("Paint", "MAINTENANCE");
			assertThat(json(delivered("/slack", incident).get(0).body()).path("text").asString())
				.contains("stopped at Paint", "/api/incidents/" + incident);
			JsonNode generic = json(delivered("/generic", incident).get(0).body());
			assertThat(generic.path("pageId").asString()).isEqualTo(delivered("/generic", incident).get(0).pageId());
			assertThat(generic.path("incident").path("stationId").asString()).isEqualTo("PAINT");

			try (StationSession lead = StationSession.person(port, "lead", "FA1")) {
				LineServerTestSupport.assertAccepted(lead.command("type", "RESOLVE", "incidentId", incident, "cause",
						"nozzle clogged", "countermeasure", "nozzle cleaned; cleaning added to the shift start"));
			}
			await().untilAsserted(() -> assertThat(delivered("/pagerduty", incident))
				.anySatisfy(r -> assertThat(json(r.body()).path("event_action").asString()).isEqualTo("resolve")));
			assertThat(jdbc.queryForObject("select state from station_status where station_id = 'PAINT'",
					String.class)).as("resolving a stop's incident resumes the line").isEqualTo("RUNNING");
		}
	}

	@Test
	void aReceiverThatFailsForAWhileGetsThePageExactlyOnceWhenItRecovers() throws Exception {
		receiver.failNext("/generic", 3);
		try (StationSession frame = StationSession.station(port, "FRAME")) {
			long incident = stop(frame, "FRAME");
			await().untilAsserted(() -> assertThat(tries("/generic", incident)).hasSize(1));
			clock.advance(Duration.ofSeconds(10));
			await().untilAsserted(() -> assertThat(tries("/generic", incident)).hasSize(2));
			clock.advance(Duration.ofSeconds(20));
			await().untilAsserted(() -> assertThat(tries("/generic", incident)).hasSize(3));
			clock.advance(Duration.ofSeconds(40));
			await().untilAsserted(() -> assertThat(delivered("/generic", incident)).hasSize(1));

			List<PageReceiver.Received> all = tries("/generic", incident);
			assertThat(all).extracting(PageReceiver.Received::answered).containsExactly(500, 500, 500, 200);
			assertThat(all).extracting(PageReceiver.Received::pageId).containsOnly(all.get(0).pageId());
			await().untilAsserted(() -> assertThat(jdbc.queryForObject(
					"select status || ':' || attempts from page where page_key = ?", String.class, all.get(0).pageId()))
				.isEqualTo("DELIVERED:4"));
			assertThat(jdbc.queryForObject("select count(*) from page_attempt a join page p on p.id = a.page_id "
					+ "where p.page_key = ?", Long.class, all.get(0).pageId())).isEqualTo(4);
		}
	}

	@Test
	void onlyThePeoplePagedOrHigherRolesMayAcknowledge() throws Exception {
		try (StationSession weld = StationSession.station(port, "WELD");
				StationSession quality = StationSession.person(port, "quality", "FA1");
				StationSession nightLead = StationSession.person(port, "nightlead", "FA1");
				StationSession supervisor = StationSession.person(port, "supervisor", "FA1")) {
			long incident = stop(weld, "WELD");
			LineServerTestSupport.assertRejected(quality.command("type", "ACKNOWLEDGE", "incidentId", incident),
					"FORBIDDEN");
			LineServerTestSupport.assertRejected(nightLead.command("type", "ACKNOWLEDGE", "incidentId", incident),
					"FORBIDDEN");
			LineServerTestSupport.assertRejected(weld.command("type", "ACKNOWLEDGE", "incidentId", incident),
					"FORBIDDEN");
			LineServerTestSupport.assertRejected(quality.command("type", "RESOLVE", "incidentId", incident, "cause",
					"x", "countermeasure", "y"), "FORBIDDEN");
			LineServerTestSupport.assertAccepted(supervisor.command("type", "ACKNOWLEDGE", "incidentId", incident));
			LineServerTestSupport.assertRejected(supervisor.command("type", "ACKNOWLEDGE", "incidentId", incident),
					"INCIDENT_CLOSED");
		}
	}

	@Test
	void atNightTheNightShiftLeadIsCalledNotTheDayLead() throws Exception {
		clock.set(Instant.parse("2026-11-27T23:30:00Z")); // 00:30 in Berlin, the night shift that began at 22:00
		try (StationSession weld = StationSession.station(port, "WELD")) {
			long incident = stop(weld, "WELD");
			assertThat(pagedPeople(incident)).containsOnly("nightlead");
			await().untilAsserted(() -> assertThat(mailsTo("night@plant.example", incident)).hasSize(1));
		}
		finally {
			clock.set(MORNING.plus(Duration.ofDays(1)));
		}
	}

	@Test
	void threeRejectsOfOneSuppliersPartsWithinTenMinutesOpenAnIncidentAgainstTheSupplier() throws Exception {
		try (StationSession frame = StationSession.station(port, "FRAME");
				StationSession weld = StationSession.station(port, "WELD")) {
			for (int i = 0; i < 3; i++) {
				String serial = "RR-" + i + "-" + System.nanoTime();
				LineServerTestSupport.assertAccepted(frame.command("type", "RECEIVE", "stationId", "FRAME",
						"partSerial", serial));
				LineServerTestSupport.assertAccepted(frame.command("type", "PASS", "stationId", "FRAME",
						"partSerial", serial));
				LineServerTestSupport.assertAccepted(weld.command("type", "REJECT", "stationId", "WELD",
						"partSerial", serial, "defectCode", "SCRATCH"));
				clock.advance(Duration.ofMinutes(2));
			}
			assertThat(jdbc.queryForList("select station_id || ':' || kind from incident where kind = 'REJECTS' "
					+ "and status <> 'RESOLVED'", String.class)).containsExactly("FRAME:REJECTS");
		}
	}

	@Test
	void aPageThatCannotBeDeliveredIsGivenUpVisiblyAfterItsLastAttempt() throws Exception {
		receiver.failNext("/generic", 100);
		try (StationSession paint = StationSession.station(port, "PAINT")) {
			long incident = stop(paint, "PAINT");
			for (int attempt = 1; attempt <= 4; attempt++) {
				int expected = attempt;
				await().untilAsserted(() -> assertThat(tries("/generic", incident)).hasSize(expected));
				clock.advance(Duration.ofMinutes(1));
			}
			String key = tries("/generic", incident).get(0).pageId();
			await().untilAsserted(() -> assertThat(jdbc.queryForObject("select status from page where page_key = ?",
					String.class, key)).isEqualTo("UNDELIVERABLE"));
			JsonNode undelivered = Http.get(port, "lead", "/api/pages?status=UNDELIVERABLE");
			assertThat(undelivered.valueStream().map(p -> p.path("pageKey").asString())).contains(key);
			JsonNode page = undelivered.valueStream().filter(p -> key.equals(p.path("pageKey").asString()))
				.findFirst().orElseThrow();
			assertThat(page.path("history")).hasSize(4);
			assertThat(page.path("lastError").asString()).isEqualTo("HTTP 500");
			assertThat(Http.text(port, "/actuator/prometheus")).containsPattern("andon_pages_undelivered [1-9]");
		}
		finally {
			receiver.failNext("/generic", 0);
		}
	}

	@Test
	void leadsAcknowledgeAndResolveOverRestAndTheIncidentShowsItsWholeHistory() throws Exception {
		try (StationSession weld = StationSession.station(port, "WELD")) {
			long incident = stop(weld, "WELD");
			clock.advance(Duration.ofMinutes(2));
			await().untilAsserted(() -> assertThat(steps(incident)).isEqualTo(2));

			java.util.UUID key = java.util.UUID.randomUUID();
			JsonNode ack = Http.post(port, "supervisor", "/api/incidents/" + incident + "/acknowledge",
					"{\"note\":\"on my way\"}", key, 200);
			assertThat(ack.path("status").asString()).isEqualTo("ACCEPTED");
			JsonNode again = Http.post(port, "supervisor", "/api/incidents/" + incident + "/acknowledge",
					"{\"note\":\"on my way\"}", key, 200);
			assertThat(again.path("duplicate").asBoolean()).as("a retried POST is applied once").isTrue();
			Http.post(port, "quality", "/api/incidents/" + incident + "/resolve",
					"{\"cause\":\"x\",\"countermeasure\":\"y\"}", null, 403);
			Http.post(port, "lead", "/api/incidents/" + incident + "/resolve", "{\"cause\":\"tip worn\"}", null, 400);
			Http.post(port, "lead", "/api/incidents/" + incident + "/resolve",
					"{\"cause\":\"tip worn\",\"countermeasure\":\"tip changed; check added\"}", null, 200);

			JsonNode view = Http.get(port, "quality", "/api/incidents/" + incident);
			assertThat(view.path("status").asString()).isEqualTo("RESOLVED");
			assertThat(view.path("acknowledgedBy").asString()).isEqualTo("supervisor");
			assertThat(view.path("secondsToAcknowledge").asLong()).isEqualTo(120);
			assertThat(view.path("levelReached").asInt()).isEqualTo(2);
			assertThat(view.path("escalation").valueStream().map(s -> s.path("levelName").asString()))
				.containsExactly("shift lead", "supervisor");
			assertThat(view.path("pages").valueStream().map(p -> p.path("channel").asString()))
				.contains("PUSH", "EMAIL", "WEBHOOK");
			assertThat(view.path("pages").get(0).path("history")).isNotEmpty();
			assertThat(view.path("cause").asString()).isEqualTo("tip worn");
			assertThat(jdbc.queryForObject("select state from station_status where station_id = 'WELD'",
					String.class)).isEqualTo("RUNNING");
			Http.get(port, "lead", "/api/incidents?line=FA1&open=true");
		}
	}

	private long stop(StationSession station, String id) throws Exception {
		// a maintenance stop: a quality stop would also need quality's key to be resolved (QualityRestartTests)
		JsonNode stop = station.command("type", "STOP", "stationId", id, "reason", "MAINTENANCE", "note",
				"call from " + id);
		LineServerTestSupport.assertAccepted(stop);
		return jdbc.queryForObject("select id from incident where stop_id = ?", Long.class, stop.path("seq").asLong());
	}

	private int steps(long incident) {
		return jdbc.queryForObject("select steps from incident where id = ?", Integer.class, incident);
	}

	private List<String> pagedPeople(long incident) {
		return jdbc.queryForList("select distinct recipient from page where incident_id = ? and channel <> 'WEBHOOK'",
				String.class, incident);
	}

	private List<PageReceiver.Received> tries(String path, long incident) {
		return receiver.at(path).stream().filter(r -> r.pageId().startsWith("incident/" + incident + "/")).toList();
	}

	private List<PageReceiver.Received> delivered(String path, long incident) {
		return tries(path, incident).stream().filter(r -> r.answered() == 200).toList();
	}

	private List<MimeMessage> mailsTo(String address, long incident) throws Exception {
		List<MimeMessage> found = new java.util.ArrayList<>();
		for (MimeMessage m : smtp.getReceivedMessages()) {
			if (m.getAllRecipients()[0].toString().equals(address)
					&& GreenMailUtil.getBody(m).contains("/api/incidents/" + incident + "\r\n")) {
				found.add(m);
			}
		}
		return found;
	}

	private static JsonNode json(String body) {
		return StationSession.JSON.readTree(body);
	}
}
