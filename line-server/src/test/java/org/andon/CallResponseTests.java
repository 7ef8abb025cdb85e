package org.andon;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who answers andon calls, and how the quality review sees it: team members with no role answer their team's calls
 * over REST and nothing else, and the scorecards count every call and time every answer. One real line server
 * (the call plant, a clock the tests move), real HTTP and STOMP. Each test starts at its own moment of the clock and
 * reads only what happened after it, so the order of the tests does not matter.
 */
class CallResponseTests {

	static final Instant MORNING = Instant.parse("2026-11-27T08:00:00Z"); // 09:00 in Berlin: the day shift

	static PageReceiver receiver;

	static ConfigurableApplicationContext server;

	static MutableClock clock = new MutableClock(MORNING);

	static int port;

	static JdbcTemplate jdbc;

	static final HttpClient HTTP = HttpClient.newHttpClient();

	@BeforeAll
	static void start() throws Exception {
		receiver = new PageReceiver(Map.of("/maintenance", CallPlant.SECRET, "/material", CallPlant.SECRET));
		Path dir = Files.createTempDirectory("andon-call-response");
		server = EscalationRestartTests.start(dir, CallPlant.write(dir, receiver.port()), clock);
		port = RestartTests.port(server);
		jdbc = server.getBean(JdbcTemplate.class);
	}

	@AfterAll
	static void stop() {
		server.close();
		receiver.close();
	}

	/**
	 * WELD: a maintenance call acknowledged after 45 s and contained after 60 s; another acknowledged after 30 s (by
	 * a technician the roster did not page) and left to run out its 90 s window. FRAME: a material call the lead
	 * stops the line for after 10 s, acknowledged after 20 s; a maintenance call still open.
	 */
	@Test
	void theScorecardsCountEachStationsCallsAndTimeEachTeamsAnswers() throws Exception {
		clock.advance(Duration.ofMinutes(30));
		Instant from = clock.instant();
		try (StationSession weld = StationSession.station(port, "WELD");
				StationSession frame = StationSession.station(port, "FRAME");
				StationSession lead = StationSession.person(port, "lead", "FA1")) {
			long contained = call(weld, "WELD", "maintenance");
			clock.advance(Duration.ofSeconds(45));
			assertAccepted(post("tech1", "/api/incidents/" + contained + "/acknowledge", "{\"note\":\"on my way\"}", 200));
			clock.advance(Duration.ofSeconds(15));
			assertAccepted(post("tech1", "/api/incidents/" + contained + "/contain", "{\"note\":\"tip changed\"}", 200));

			clock.advance(Duration.ofMinutes(5));
			long ranOut = call(weld, "WELD", "maintenance");
			clock.advance(Duration.ofSeconds(30));
			assertAccepted(post("tech2", "/api/incidents/" + ranOut + "/acknowledge", null, 200));
			clock.advance(Duration.ofSeconds(60));
			await().until(() -> stopOf(ranOut) != null);
			assertAccepted(post("lead", "/api/incidents/" + ranOut + "/resolve",
					"{\"cause\":\"feeder jam\",\"countermeasure\":\"feeder cleaned every shift\"}", 200));

			clock.advance(Duration.ofMinutes(5));
			long byHand = call(frame, "FRAME", "material");
			clock.advance(Duration.ofSeconds(10));
			LineServerTestSupport.assertAccepted(lead.command("type", "CALL_TO_STOP", "incidentId", byHand));
			clock.advance(Duration.ofSeconds(10));
			assertAccepted(post("handler", "/api/incidents/" + byHand + "/acknowledge", null, 200));
			assertAccepted(post("lead", "/api/incidents/" + byHand + "/resolve",
					"{\"cause\":\"bins empty\",\"countermeasure\":\"kanban loop shortened\"}", 200));

			clock.advance(Duration.ofMinutes(5));
			long open = call(frame, "FRAME", "maintenance");

			JsonNode report = get("lead", "/api/quality/scorecards?line=FA1&from=" + from);
			JsonNode weldCard = station(report, "WELD");
			assertThat(weldCard.path("stops").asLong()).as("existing figures stay").isEqualTo(1);
			assertThat(weldCard.path("incidents").asLong()).isEqualTo(2);
			JsonNode weldCalls = weldCard.path("calls");
			assertThat(weldCalls.path("calls").asLong()).isEqualTo(2);
			assertThat(weldCalls.path("byType").path("MAINTENANCE").asLong()).isEqualTo(2);
			assertThat(weldCalls.path("contained").asLong()).isEqualTo(1);
			assertThat(weldCalls.path("stopped").asLong()).isEqualTo(1);
			assertThat(weldCalls.path("automaticStops").asLong()).isEqualTo(1);
			assertThat(weldCalls.path("stoppedByHand").asLong()).isZero();
			assertThat(weldCalls.path("open").asLong()).isZero();
			assertThat(weldCalls.path("pullToStopRatio").asDouble()).isEqualTo(0.5);
			JsonNode maintenance = weldCalls.path("teams").get(0);
			assertThat(maintenance.path("team").asString()).isEqualTo("maintenance");
			assertThat(maintenance.path("acknowledged").asLong()).isEqualTo(2);
			assertThat(maintenance.path("medianSecondsToAcknowledge").asDouble()).as("(45 + 30) / 2").isEqualTo(37.5);
			assertThat(maintenance.path("p90SecondsToAcknowledge").asDouble()).isEqualTo(45.0);
			assertThat(maintenance.path("maxSecondsToAcknowledge").asDouble()).isEqualTo(45.0);
			assertThat(maintenance.path("contained").asLong()).isEqualTo(1);
			assertThat(maintenance.path("medianSecondsToContain").asDouble()).isEqualTo(60.0);

			JsonNode frameCalls = station(report, "FRAME").path("calls");
			assertThat(frameCalls.path("calls").asLong()).isEqualTo(2);
			assertThat(frameCalls.path("byType").path("MATERIAL").asLong()).isEqualTo(1);
			assertThat(frameCalls.path("stoppedByHand").asLong()).isEqualTo(1);
			assertThat(frameCalls.path("automaticStops").asLong()).isZero();
			assertThat(frameCalls.path("open").asLong()).isEqualTo(1);
			assertThat(frameCalls.path("teams").valueStream().map(t -> t.path("team").asString()))
				.containsExactly("maintenance", "material");
			JsonNode material = frameCalls.path("teams").get(1);
			assertThat(material.path("medianSecondsToAcknowledge").asDouble()).isEqualTo(20.0);
			assertThat(frameCalls.path("teams").get(0).path("medianSecondsToAcknowledge").isNull())
				.as("nobody has acknowledged the open call yet").isTrue();

			assertThat(station(report, "PAINT").path("calls").path("calls").asLong()).isZero();
			assertThat(report.path("teams").get(0).path("calls").asLong()).as("the line's maintenance calls")
				.isEqualTo(3);
			assertAccepted(post("lead", "/api/incidents/" + open + "/resolve",
					"{\"cause\":\"test over\",\"countermeasure\":\"none\"}", 200));
		}
	}

	@Test
	void aTechnicianWithOnlyATeamSignsInAndAnswersTheTeamsCallsOnly() throws Exception {
		clock.advance(Duration.ofHours(1));
		try (StationSession paint = StationSession.station(port, "PAINT");
				StationSession pack = StationSession.station(port, "PACK");
				StationSession tech = StationSession.person(port, "tech1", "FA1")) {
			JsonNode me = get("tech1", "/api/quality/me");
			assertThat(me.path("roles").isEmpty()).isTrue();
			assertThat(me.path("teams").valueStream().map(JsonNode::asString)).containsExactly("maintenance");
			long ours = call(paint, "PAINT", "maintenance");
			long theirs = call(pack, "PACK", "material");

			assertThat(get("tech1", "/api/incidents?line=FA1&open=true").path("items").valueStream()
				.map(i -> i.path("id").asLong())).contains(ours, theirs);
			assertThat(get("tech1", "/api/incidents/" + theirs).path("callType").asString()).isEqualTo("MATERIAL");
			// the board shows the answer buttons to the team the call names
			assertThat(get("tech1", "/api/incidents/" + theirs).path("team").asString()).isEqualTo("material");
			assertThat(get("tech1", "/api/incidents/" + ours).path("team").asString()).isEqualTo("maintenance");
			assertThat(get("tech1", "/api/calls/summary?line=FA1").path("byType").isArray()).isTrue();
			assertThat(get("tech1", "/api/lines/FA1").path("stations").isArray()).isTrue();

			assertRefused(post("tech1", "/api/incidents/" + theirs + "/acknowledge", null, 403), "material team");
			assertRefused(post("tech1", "/api/incidents/" + theirs + "/contain", null, 403), "material team");
			assertRefused(post("handler", "/api/incidents/" + ours + "/contain", null, 403), "maintenance team");
			assertRefused(post("tech1", "/api/incidents/" + theirs + "/resolve",
					"{\"cause\":\"x\",\"countermeasure\":\"y\"}", 403), "LEAD, SUPERVISOR, QUALITY or ADMIN");
			assertRefused(send("tech1", "GET", "/api/handoffs?line=FA1", null, 403), "tech1 may not use GET /api/handoffs");
			assertRefused(send("tech1", "GET", "/api/quality/scorecards?line=FA1", null, 403), "needs one of the roles");
			LineServerTestSupport.assertRejected(tech.command("type", "CALL_TO_STOP", "incidentId", theirs), "FORBIDDEN");
			LineServerTestSupport.assertRejected(tech.command("type", "STOP", "stationId", "PAINT", "reason",
					"MAINTENANCE"), "FORBIDDEN");
			send("tech1:wrong", "GET", "/api/incidents", null, 401);

			assertAccepted(post("tech1", "/api/incidents/" + ours + "/acknowledge", null, 200));
			assertAccepted(post("tech1", "/api/incidents/" + ours + "/contain", "{\"note\":\"belt re-tensioned\"}",
					200));
			assertThat(jdbc.queryForObject("select state from station_status where station_id = 'PAINT'",
					String.class)).isEqualTo("RUNNING");
			assertThat(get("tech1", "/api/incidents/" + ours).path("contained").asBoolean()).isTrue();
			assertThat(get("tech1", "/api/incidents/" + theirs).path("status").asString())
				.as("refusals change nothing").isEqualTo("OPEN");
			assertAccepted(post("handler", "/api/incidents/" + theirs + "/contain", null, 200));
		}
	}

	private static long call(StationSession station, String id, String type) throws Exception {
		JsonNode result = station.command("type", "CALL", "stationId", id, "callType", type);
		LineServerTestSupport.assertAccepted(result);
		return result.path("seq").asLong();
	}

	private static Long stopOf(long incident) {
		return jdbc.queryForObject("select stop_id from incident where id = ?", Long.class, incident);
	}

	private static JsonNode station(JsonNode report, String id) {
		return report.path("stations").valueStream().filter(s -> s.path("stationId").asString().equals(id))
			.findFirst().orElseThrow();
	}

	private static void assertAccepted(JsonNode result) {
		LineServerTestSupport.assertAccepted(result);
	}

	private static void assertRefused(JsonNode body, String inMessage) {
		assertThat(body.path("code").asString()).as(body.toString()).isEqualTo("FORBIDDEN");
		assertThat(body.path("message").asString()).contains(inMessage);
	}

	private static JsonNode get(String user, String path) throws Exception {
		return send(user, "GET", path, null, 200);
	}

	private static JsonNode post(String user, String path, String json, int expected) throws Exception {
		return send(user, "POST", path, json == null ? "" : json, expected);
	}

	/** A request as {@code user} (password demo) or {@code user:password}; the body parsed, null when empty. */
	private static JsonNode send(String user, String method, String path, String json, int expected)
			throws Exception {
		String credentials = user.contains(":") ? user : user + ":demo";
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
			.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(json));
		if (json != null) {
			b.header("Content-Type", "application/json");
		}
		HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
		return r.body().isEmpty() ? null : StationSession.JSON.readTree(r.body());
	}
}
