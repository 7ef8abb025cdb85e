package org.andon;

import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Each kind of bad input gets an error result with its code, writes nothing, leaves the session usable, and is
 * counted in the andon.commands.refused metric.
 */
class BadInputTests extends LineServerTestSupport {

	@Autowired
	MeterRegistry meters;

	StationSession frame;

	@BeforeEach
	void connect() throws Exception {
		frame = station("FRAME");
	}

	@Test
	void malformedJson() throws Exception {
		refusedAndNothingWritten("MALFORMED_JSON", "{\"commandId\": \"oops", null);
		refusedAndNothingWritten("MALFORMED_JSON", "[1, 2, 3]", null);
	}

	@Test
	void unknownType() throws Exception {
		String id = UUID.randomUUID().toString();
		JsonNode r = refusedAndNothingWritten("UNKNOWN_TYPE",
				"{\"commandId\":\"" + id + "\",\"type\":\"TELEPORT\",\"stationId\":\"FRAME\"}", id);
		assertThat(r.path("commandId").asString()).as("the sender can match the error").isEqualTo(id);
	}

	@Test
	void missingFields() throws Exception {
		String id = UUID.randomUUID().toString();
		refusedAndNothingWritten("MISSING_FIELD", "{\"commandId\":\"" + id + "\",\"type\":\"PASS\","
				+ "\"stationId\":\"FRAME\"}", id);
		refusedAndNothingWritten("MISSING_FIELD", "{\"type\":\"PASS\",\"stationId\":\"FRAME\","
				+ "\"partSerial\":\"X-1\"}", null);
		String noReason = UUID.randomUUID().toString();
		refusedAndNothingWritten("MISSING_FIELD", "{\"commandId\":\"" + noReason + "\",\"type\":\"STOP\","
				+ "\"stationId\":\"FRAME\"}", noReason);
	}

	@Test
	void invalidFields() throws Exception {
		refusedAndNothingWritten("INVALID_FIELD", "{\"commandId\":\"not-a-uuid\",\"type\":\"RECEIVE\","
				+ "\"stationId\":\"FRAME\",\"partSerial\":\"X-1\"}", "not-a-uuid");
		String id = UUID.randomUUID().toString();
		refusedAndNothingWritten("INVALID_FIELD", "{\"commandId\":\"" + id + "\",\"type\":\"STOP\","
				+ "\"stationId\":\"FRAME\",\"reason\":\"BORED\"}", id);
	}

	@Test
	void unknownStationPartAndDefectCode() throws Exception {
		refused("UNKNOWN_STATION", frame.command("type", "RECEIVE", "stationId", "NOPE", "partSerial", "X-1"));
		refused("UNKNOWN_PART", frame.command("type", "PASS", "stationId", "FRAME", "partSerial", "GHOST-1"));
		refused("UNKNOWN_DEFECT_CODE", frame.command("type", "STOP", "stationId", "FRAME", "reason", "QUALITY",
				"defectCode", "WOBBLY"));
	}

	@Test
	void aStationActingForAnother() throws Exception {
		refused("NOT_YOUR_STATION", frame.command("type", "STOP", "stationId", "WELD", "reason", "QUALITY"));
		refused("NOT_YOUR_STATION", frame.command("type", "RECEIVE", "stationId", "SEAT-CUT", "partSerial", "X-9"));
	}

	@Test
	void aFrameOverTheConfiguredSize() throws Exception {
		String id = UUID.randomUUID().toString();
		String body = "{\"commandId\":\"" + id + "\",\"type\":\"STOP\",\"stationId\":\"FRAME\",\"reason\":\"OTHER\","
				+ "\"note\":\"" + StationSession.bytes(12_000) + "\"}";
		JsonNode r = refusedAndNothingWritten("FRAME_TOO_LARGE", body, id);
		assertThat(r.path("commandId").asString()).isEqualTo(id);
	}

	@Test
	void aFrameOverTheTransportLimitClosesThatSessionOnlyAndWritesNothing() throws Exception {
		long size = logSize();
		String body = "{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"STOP\",\"stationId\":\"FRAME\","
				+ "\"reason\":\"OTHER\",\"note\":\"" + StationSession.bytes(40_000) + "\"}";
		frame.sendTo("/app/commands", StationSession.utf8(body));
		await().until(() -> !frame.connected());
		assertThat(logSize()).isEqualTo(size);
		// the station signs in again and works; nothing of the oversized frame was kept
		frame = station("FRAME");
		assertThat(frame.command("type", "RECEIVE", "stationId", "FRAME", "partSerial", "BIG-1").path("status")
			.asString()).isEqualTo("ACCEPTED");
	}

	@Test
	void theWrongRole() throws Exception {
		refused("FORBIDDEN", frame.command("type", "RESUME", "stopId", 1));
		StationSession quality = person("quality");
		long size = logSize();
		assertRejected(quality.command("type", "STOP", "stationId", "FRAME", "reason", "QUALITY"), "FORBIDDEN");
		assertRejected(quality.command("type", "RESUME", "stopId", 1), "FORBIDDEN");
		assertRejected(person("lead").command("type", "RECEIVE", "stationId", "FRAME", "partSerial", "L-1"),
				"FORBIDDEN");
		assertThat(logSize()).isEqualTo(size);
	}

	@Test
	void wrongCredentialsAreRefusedWithAClearError() {
		assertThatThrownBy(() -> StationSession.connect(port, "FRAME", "guess", null))
			.hasStackTraceContaining("UNAUTHENTICATED");
		assertThatThrownBy(() -> StationSession.connect(port, "nobody", "demo", null))
			.hasStackTraceContaining("UNAUTHENTICATED");
	}

	@Test
	void aBrowserFromAnOriginThatIsNotAllowedCannotOpenTheSocket() {
		WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
		headers.setOrigin("http://elsewhere.example");
		StandardWebSocketClient client = new StandardWebSocketClient();
		assertThatThrownBy(() -> client.execute(new TextWebSocketHandler(), headers,
				java.net.URI.create("ws://127.0.0.1:" + port + "/ws")).get()).hasStackTraceContaining("403");
		WebSocketHttpHeaders allowed = new WebSocketHttpHeaders();
		allowed.setOrigin("http://localhost:8080");
		await().untilAsserted(() -> assertThat(client.execute(new TextWebSocketHandler(), allowed,
				java.net.URI.create("ws://127.0.0.1:" + port + "/ws")).get().isOpen()).isTrue());
	}

	/** Sends raw bytes, checks the refusal, that the log did not grow, the metric counted, the session works. */
	private JsonNode refusedAndNothingWritten(String code, String body, String commandId) throws Exception {
		double counted = count(code);
		long size = logSize();
		JsonNode r = frame.sendRaw(StationSession.utf8(body), commandId);
		assertRejected(r, code);
		assertThat(r.has("seq")).isFalse();
		assertThat(logSize()).isEqualTo(size);
		assertThat(count(code)).isEqualTo(counted + 1);
		stillUsable();
		return r;
	}

	private void refused(String code, JsonNode result) throws Exception {
		assertRejected(result, code);
		assertThat(result.has("seq")).as("nothing was logged").isFalse();
		assertThat(count(code)).isGreaterThanOrEqualTo(1);
		stillUsable();
	}

	private void stillUsable() throws Exception {
		long size = logSize();
		assertAccepted(frame.command("type", "RECEIVE", "stationId", "FRAME", "partSerial",
				"OK-" + UUID.randomUUID().toString().substring(0, 8)));
		assertThat(logSize()).isEqualTo(size + 1);
	}

	private double count(String code) {
		var c = meters.find("andon.commands.refused").tag("code", code).counter();
		return c == null ? 0 : c.count();
	}
}
