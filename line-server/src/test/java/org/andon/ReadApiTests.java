package org.andon;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The JSON read API for leads and quality staff, and the metrics scrape, over real HTTP. */
class ReadApiTests extends LineServerTestSupport {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void qualityStaffFindHandOffsByFilterTraceAPartAndReviewStops() throws Exception {
		StationSession frame = station("FRAME");
		StationSession weld = station("WELD");
		assertAccepted(frame.command("type", "RECEIVE", "stationId", "FRAME", "partSerial", "Q-1"));
		assertAccepted(frame.command("type", "PASS", "stationId", "FRAME", "partSerial", "Q-1"));
		assertAccepted(weld.command("type", "REJECT", "stationId", "WELD", "partSerial", "Q-1", "defectCode",
				"SCRATCH"));
		JsonNode stop = weld.command("type", "STOP", "stationId", "WELD", "reason", "QUALITY");

		JsonNode rejected = get("quality", "/api/handoffs?line=FA1&decision=REJECTED&defectCode=SCRATCH");
		assertThat(rejected.path("total").asLong()).isEqualTo(1);
		assertThat(rejected.path("items").get(0).path("partSerial").asString()).isEqualTo("Q-1");
		assertThat(rejected.path("items").get(0).path("decidedBy").asString()).isEqualTo("WELD");
		assertThat(get("quality", "/api/handoffs?station=PACK").path("total").asLong()).isZero();
		assertThat(get("quality", "/api/handoffs?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z")
			.path("total").asLong()).isZero();

		JsonNode trace = get("quality", "/api/lines/FA1/parts/Q-1/trace");
		assertThat(trace).extracting(e -> e.path("type").asString())
			.containsExactly("PART_RECEIVED", "PART_PASSED", "HAND_OFF_REJECTED");

		JsonNode stops = get("lead", "/api/stops?line=FA1&active=true");
		assertThat(stops.path("items").get(0).path("id").asLong()).isEqualTo(stop.path("seq").asLong());
		JsonNode line = get("lead", "/api/lines/FA1");
		assertThat(line.path("stations").toString()).contains("\"HALTED\"");
		assertThat(get("quality", "/api/log/verify").path("intact").asBoolean()).isTrue();
		assertAccepted(person("quality").command("type", "SIGN_OFF", "stopId", stop.path("seq").asLong()));
		assertAccepted(person("lead").command("type", "RESUME", "stopId", stop.path("seq").asLong()));
	}

	@Test
	void theApiRefusesStrangersAndBadFilters() throws Exception {
		assertThat(status(null, "/api/lines")).isEqualTo(401);
		assertThat(status("lead:wrong", "/api/lines")).isEqualTo(401);
		assertThat(status("FRAME:demo-frame", "/api/lines")).as("stations use STOMP, not the API").isEqualTo(401);
		assertThat(status("quality:demo", "/api/handoffs?decision=MAYBE")).isEqualTo(400);
		assertThat(status("quality:demo", "/api/lines/FA1/parts/NEVER/trace")).isEqualTo(404);
	}

	@Test
	void prometheusScrapeShowsTheAndonMetrics() throws Exception {
		StationSession frame = station("FRAME");
		assertAccepted(frame.command("type", "RECEIVE", "stationId", "FRAME", "partSerial", "M-1"));
		JsonNode stop = frame.command("type", "STOP", "stationId", "FRAME", "reason", "MATERIAL");
		assertRejected(frame.command("type", "PASS", "stationId", "FRAME", "partSerial", "NOPE"), "UNKNOWN_PART");
		assertAccepted(person("lead").command("type", "RESUME", "stopId", stop.path("seq").asLong()));
		System.gc(); // gauges hold what they read weakly: a value nothing else keeps shows NaN after a collection
		await().untilAsserted(() -> {
			HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(uri("/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(scrape.statusCode()).isEqualTo(200);
			assertThat(scrape.body()).contains("andon_stops_total{line=\"FA1\",reason=\"MATERIAL\"}",
					"andon_stations{state=\"RUNNING\"}", "andon_commands_refused_total{code=\"UNKNOWN_PART\"}",
					"andon_command_duration_seconds_bucket", "andon_stop_halt_latency_seconds_bucket",
					"andon_incidents_opened_total{kind=\"STOP\",line=\"FA1\"}", "andon_incidents_open ",
					"andon_incident_time_to_resolve_seconds_bucket", "andon_incidents_escalation_level ",
					"andon_pages_undelivered ", "andon_pages_pending ",
					"andon_station_connected{line=\"FA1\",station=\"FRAME\"} 1.0",
					"andon_station_connected{line=\"FA1\",station=\"PACK\"} 0.0", "andon_shift_active{line=\"FA1\",");
		});
	}

	private JsonNode get(String user, String path) throws Exception {
		HttpResponse<String> r = http.send(request(user + ":demo", path), HttpResponse.BodyHandlers.ofString());
		assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
		return StationSession.JSON.readTree(r.body());
	}

	private int status(String credentials, String path) throws Exception {
		return http.send(request(credentials, path), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private HttpRequest request(String credentials, String path) {
		HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
		if (credentials != null) {
			b.header("Authorization", "Basic "
					+ Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return b.build();
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}
}
