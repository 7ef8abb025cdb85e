package org.andon;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Paging when the receivers fail, with the shipped retry settings (2 s doubling to 5 min, 15 attempts): real HTTP
 * receivers answering 500 for ten minutes and then 200 get every page exactly once, each retry under one page id and
 * PagerDuty's one dedup key; a receiver answering 400 is tried once and the page shows as undeliverable at once; a
 * real SMTP server (GreenMail) that is down when the page is sent and comes back gets the mail once. The clock is
 * moved by the test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@Import(PagingFaultsTests.TestClock.class)
class PagingFaultsTests {

	static final Instant MORNING = Instant.parse("2026-11-30T09:00:00Z");
	static final String[] HOOKS = { "/generic", "/slack", "/pagerduty" };

	static Receiver receiver;
	static ServerSetup smtpSetup;
	static GreenMail smtp;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcTemplate jdbc;

	@LocalServerPort
	int port;

	@TestConfiguration
	static class TestClock {

		@Bean
		@Primary
		MutableClock testClock() {
			return new MutableClock(MORNING);
		}
	}

	@DynamicPropertySource
	static void plant(DynamicPropertyRegistry registry) throws Exception {
		receiver = new Receiver();
		int smtpPort;
		try (ServerSocket s = new ServerSocket(0)) {
			smtpPort = s.getLocalPort();
		}
		smtpSetup = new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
		smtp = new GreenMail(smtpSetup);
		smtp.start();
		Path dir = Files.createTempDirectory("andon-paging-faults");
		Path plant = EscalationPlant.write(dir, receiver.port());
		registry.add("andon.topology", () -> "file:" + plant);
		registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + dir.resolve("andon") + ";WRITE_DELAY=0");
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> smtpPort);
		registry.add("andon.escalation.tick", () -> "50ms");
		registry.add("andon.paging.poll", () -> "50ms");
	}

	@AfterAll
	static void stopReceivers() {
		receiver.close();
		smtp.stop();
	}

	@AfterEach
	void everythingAnsweredAndResolved() throws Exception {
		for (String hook : HOOKS) {
			receiver.answer(hook, 200);
		}
		if (!smtp.isRunning()) {
			smtp = new GreenMail(smtpSetup);
			smtp.start();
		}
		List<Long> open = jdbc.queryForList("select id from incident where status <> 'RESOLVED'", Long.class);
		try (StationSession admin = StationSession.person(port, "admin", "FA1")) {
			for (long id : open) {
				LineServerTestSupport.assertAccepted(admin.command("type", "RESOLVE", "incidentId", id, "cause",
						"test over", "countermeasure", "none"));
			}
		}
		await().untilAsserted(() -> {
			clock.advance(Duration.ofMinutes(5));
			assertThat(jdbc.queryForObject("select count(*) from page where status = 'PENDING'", Long.class)).isZero();
		});
	}

	@Test
	void receiversFailingForTenMinutesGetEveryPageExactlyOnceWhenTheyRecover() throws Exception {
		for (String hook : HOOKS) {
			receiver.answer(hook, 500);
		}
		long incident;
		try (StationSession frame = StationSession.station(port, "FRAME");
				StationSession lead = StationSession.person(port, "lead", "FA1")) {
			incident = stop(frame, "FRAME");
			Instant outageEnds = clock.instant().plus(Duration.ofMinutes(10));
			while (clock.instant().isBefore(outageEnds)) {
				triedEverythingDue();
				clock.advance(Duration.ofSeconds(15));
			}
			for (String hook : HOOKS) {
				assertThat(receiver.tries(hook, incident)).as(hook + " during the outage")
					.hasSizeGreaterThanOrEqualTo(8).allSatisfy(r -> assertThat(r.answered()).isEqualTo(500));
			}
			for (String hook : HOOKS) {
				receiver.answer(hook, 200);
			}
			clock.advance(Duration.ofMinutes(5)); // the longest backoff
			await().untilAsserted(() -> {
				for (String hook : HOOKS) {
					assertThat(delivered(hook, incident)).as(hook).isNotEmpty();
				}
			});
			// the lead acknowledges: PagerDuty's acknowledge must follow under the same dedup key
			LineServerTestSupport.assertAccepted(lead.command("type", "ACKNOWLEDGE", "incidentId", incident));
			await().untilAsserted(() -> assertThat(delivered("/pagerduty", incident))
				.anySatisfy(r -> assertThat(json(r.body()).path("event_action").asString()).isEqualTo("acknowledge")));
		}
		for (int i = 0; i < 10; i++) {
			clock.advance(Duration.ofMinutes(5));
			triedEverythingDue();
		}
		List<String> keys = jdbc.queryForList("select page_key from page where incident_id = ? and channel = "
				+ "'WEBHOOK'", String.class, incident);
		assertThat(keys).hasSizeGreaterThanOrEqualTo(HOOKS.length);
		for (String key : keys) {
			List<Received> all = receiver.received.stream().filter(r -> key.equals(r.pageId())).toList();
			assertThat(all.stream().filter(r -> r.answered() == 200)).as("delivered once: " + key).hasSize(1);
			assertThat(all.get(all.size() - 1).answered()).as("nothing sent after the delivery").isEqualTo(200);
			assertThat(all).extracting(Received::body).as("every retry is the same page").containsOnly(all.get(0).body());
		}
		assertThat(receiver.tries("/pagerduty", incident)).extracting(r -> json(r.body()).path("dedup_key").asString())
			.as("one dedup key for the incident, whatever the retries").containsOnly(String.valueOf(incident));
		assertThat(jdbc.queryForList("select status from page where incident_id = ? and channel = 'WEBHOOK'",
				String.class, incident)).containsOnly("DELIVERED");
	}

	@Test
	void aReceiverAnswering400IsTriedOnceAndThePageIsUndeliverableAtOnce() throws Exception {
		receiver.answer("/generic", 400);
		try (StationSession weld = StationSession.station(port, "WELD")) {
			long incident = stop(weld, "WELD");
			await().untilAsserted(() -> assertThat(receiver.tries("/generic", incident)).hasSize(1));
			String key = receiver.tries("/generic", incident).get(0).pageId();
			await().untilAsserted(() -> assertThat(jdbc.queryForObject(
					"select status || ':' || attempts from page where page_key = ?", String.class, key))
				.isEqualTo("UNDELIVERABLE:1"));
			for (int i = 0; i < 12; i++) {
				clock.advance(Duration.ofMinutes(5));
				triedEverythingDue();
			}
			assertThat(receiver.received.stream().filter(r -> key.equals(r.pageId()))).as("never retried").hasSize(1);
			JsonNode undelivered = Http.get(port, "lead", "/api/pages?status=UNDELIVERABLE");
			JsonNode page = undelivered.valueStream().filter(p -> key.equals(p.path("pageKey").asString()))
				.findFirst().orElseThrow();
			assertThat(page.path("lastError").asString()).contains("HTTP 400", "not retried");
			assertThat(Http.text(port, "/actuator/prometheus")).containsPattern("andon_pages_undelivered [1-9]");
			assertThat(delivered("/slack", incident)).as("the other receivers still got theirs").hasSize(1);
		}
	}

	@Test
	void mailWhileTheSmtpServerIsDownIsDeliveredOnceItIsBack() throws Exception {
		smtp.stop();
		try (StationSession paint = StationSession.station(port, "PAINT")) {
			long incident = stop(paint, "PAINT");
			String key = "incident/" + incident + "/";
			await().untilAsserted(() -> assertThat(failedMails(key)).isEqualTo(1));
			clock.advance(Duration.ofSeconds(3));
			triedEverythingDue();
			await().untilAsserted(() -> assertThat(failedMails(key)).as("still down at the retry").isEqualTo(2));
			smtp = new GreenMail(smtpSetup);
			smtp.start();
			for (int i = 0; i < 6; i++) {
				clock.advance(Duration.ofSeconds(30));
				triedEverythingDue();
			}
			await().untilAsserted(() -> assertThat(mailsTo("lead@plant.example", incident)).hasSize(1));
			for (int i = 0; i < 6; i++) {
				clock.advance(Duration.ofMinutes(5));
				triedEverythingDue();
			}
			assertThat(mailsTo("lead@plant.example", incident)).as("once, not once per failed attempt").hasSize(1);
			assertThat(jdbc.queryForObject("select status from page where channel = 'EMAIL' and recipient = 'lead' "
					+ "and page_key like ? and event = 'TRIGGER'", String.class, key + "%")).isEqualTo("DELIVERED");
		}
	}

	private long failedMails(String key) {
		return jdbc.queryForObject("select count(*) from page_attempt a join page p on p.id = a.page_id where "
				+ "p.channel = 'EMAIL' and p.recipient = 'lead' and p.page_key like ? and not a.delivered", Long.class,
				key + "%");
	}

	/** Waits until the dispatcher has tried every page that is due at the test's clock. */
	private void triedEverythingDue() {
		await().until(() -> jdbc.queryForObject("select count(*) from page where status = 'PENDING' and "
				+ "next_attempt_at <= ?", Long.class, java.sql.Timestamp.from(clock.instant())) == 0);
	}

	private long stop(StationSession station, String id) throws Exception {
		// a maintenance stop: a quality stop would need two sign-offs to resolve, which is not what these tests are about
		JsonNode stop = station.command("type", "STOP", "stationId", id, "reason", "MAINTENANCE", "note", "faults");
		LineServerTestSupport.assertAccepted(stop);
		return jdbc.queryForObject("select id from incident where stop_id = ?", Long.class, stop.path("seq").asLong());
	}

	private List<Received> delivered(String path, long incident) {
		return receiver.tries(path, incident).stream().filter(r -> r.answered() == 200).toList();
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

	/** One request as the receiver got it, and what it answered. */
	record Received(String path, String pageId, String body, int answered) {
	}

	/** Real HTTP receivers whose answer (200, 500, 400, ...) the test sets per path. */
	static final class Receiver implements AutoCloseable {

		final List<Received> received = new CopyOnWriteArrayList<>();
		private final Map<String, Integer> answers = new ConcurrentHashMap<>();
		private final HttpServer server;

		Receiver() throws IOException {
			server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			for (String path : HOOKS) {
				server.createContext(path, exchange -> {
					String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
					int status = answers.getOrDefault(path, 200);
					received.add(new Received(path, exchange.getRequestHeaders().getFirst("X-Andon-Page-Id"), body,
							status));
					exchange.sendResponseHeaders(status, -1);
					exchange.close();
				});
			}
			server.start();
		}

		int port() {
			return server.getAddress().getPort();
		}

		void answer(String path, int status) {
			answers.put(path, status);
		}

		List<Received> tries(String path, long incident) {
			return received.stream().filter(r -> r.path().equals(path) && r.pageId() != null
					&& r.pageId().startsWith("incident/" + incident + "/")).toList();
		}

		@Override
		public void close() {
			server.stop(0);
		}
	}
}
