package org.andon;

import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo plant with {@code qualityRestart.firstPiece}: quality's key names a first piece good at the stopped station. */
class FirstPieceRestartTests extends LineServerTestSupport {

	@DynamicPropertySource
	static void firstPiecePlant(DynamicPropertyRegistry registry) throws Exception {
		String demo = new String(FirstPieceRestartTests.class.getResourceAsStream("/demo-plant.yml").readAllBytes(),
				java.nio.charset.StandardCharsets.UTF_8);
		String plant = demo.replace("qualityRestart: { twoKeys: true, firstPiece: false }",
				"qualityRestart: { twoKeys: true, firstPiece: true }");
		assertThat(plant).isNotEqualTo(demo);
		Path file = Files.createTempDirectory("andon-first-piece").resolve("plant.yml");
		Files.writeString(file, plant);
		registry.add("andon.topology", () -> "file:" + file);
	}

	@Test
	void qualitysKeyNamesAFirstPieceThatIsAtTheStoppedStationWithNoDefectAndNoHold() throws Exception {
		StationSession frame = station("FRAME");
		StationSession weld = station("WELD");
		for (String serial : new String[] { "F-1", "F-2" }) {
			assertAccepted(frame.command("type", "RECEIVE", "stationId", "FRAME", "partSerial", serial));
			assertAccepted(frame.command("type", "PASS", "stationId", "FRAME", "partSerial", serial));
		}
		long stop = weld.command("type", "STOP", "stationId", "WELD", "reason", "QUALITY").path("seq").asLong();
		assertAccepted(weld.command("type", "ACCEPT", "stationId", "WELD", "partSerial", "F-1"));
		assertAccepted(weld.command("type", "ACCEPT", "stationId", "WELD", "partSerial", "F-2"));
		assertAccepted(weld.command("type", "REPORT_DEFECT", "stationId", "WELD", "partSerial", "F-2", "defectCode",
				"WELD-POROSITY"));
		StationSession quality = person("quality");

		JsonNode none = quality.command("type", "SIGN_OFF", "stopId", stop);
		assertRejected(none, "FIRST_PIECE_NOT_GOOD");
		assertThat(none.path("message").asString()).contains("first-piece", "WELD");
		JsonNode bad = quality.command("type", "SIGN_OFF", "stopId", stop, "partSerial", "F-2");
		assertRejected(bad, "FIRST_PIECE_NOT_GOOD");
		assertThat(bad.path("message").asString()).contains("open defect");
		assertRejected(quality.command("type", "SIGN_OFF", "stopId", stop, "partSerial", "NOT-HERE"),
				"FIRST_PIECE_NOT_GOOD");

		assertAccepted(quality.command("type", "SIGN_OFF", "stopId", stop, "partSerial", "F-1", "note",
				"first piece: seams x-rayed, good"));
		assertAccepted(person("lead").command("type", "RESUME", "stopId", stop));
		assertThat(jdbc.queryForObject("select first_piece from stop_sign_off where stop_id = ? and sign_key = "
				+ "'QUALITY'", String.class, stop)).isEqualTo("F-1");
	}
}
