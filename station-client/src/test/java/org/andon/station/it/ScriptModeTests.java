package org.andon.station.it;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.andon.station.cli.StationClientMainAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.andon.testsupport.LineServerProcess;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --script} end to end: the terminal's main run as a process, lines in, one JSON result per line out. */
class ScriptModeTests {

	final LineServerProcess server = LineServerProcess.shared();

	@TempDir
	Path work;

	@Test
	void eachLineGetsOneJsonResultAndBadLinesAreRefusedLocally() throws Exception {
		String p = "D" + UUID.randomUUID().toString().substring(0, 6);
		Files.writeString(work.resolve("seatcut.token"), "demo-seatcut\n");
		Map<Integer, JsonNode> byLine = new HashMap<>();
		int exit;
		try (ClientProcess client = ClientProcess.start(work, "--server", server.ws().toString(), "--station",
				"SEAT-CUT", "--token-file", "seatcut.token", "--defect-codes", "SCRATCH,SEAM-OPEN", "--script")) {
			client.type("# seats for the morning shift", // 1
					"receive " + p + "-1", // 2
					"pass " + p + "-1", // 3
					"flyaway " + p + "-1", // 4
					"accept " + p + "-1", // 5
					"defect " + p + "-1 NOPE", // 6
					"receive bad!serial", // 7
					"", // 8
					"receive " + p + "-2 first of the new batch", // 9
					"defect " + p + "-2 scratch", // 10
					"pass " + p + "-2", // 11
					"stop material out of foam"); // 12
			client.endInput();
			exit = client.waitForExit(60);
			for (String line : client.stdout) {
				JsonNode json = LineServerProcess.JSON.readTree(line);
				assertThat(byLine.put(json.get("line").asInt(), json)).as("one result for line " + json).isNull();
			}
		}
		assertThat(byLine.keySet()).containsExactlyInAnyOrder(2, 3, 4, 5, 6, 7, 9, 10, 11, 12);
		assertThat(byLine.get(2).get("status").asString()).isEqualTo("ACCEPTED");
		assertThat(byLine.get(2).get("commandId").asString()).hasSize(36);
		assertThat(byLine.get(3).get("status").asString()).isEqualTo("ACCEPTED");
		assertThat(byLine.get(4).get("status").asString()).isEqualTo("INVALID");
		assertThat(byLine.get(4).get("code").asString()).isEqualTo("UNKNOWN_COMMAND");
		assertThat(byLine.get(5).get("status").asString()).isEqualTo("REJECTED");
		assertThat(byLine.get(5).get("code").asString()).isEqualTo("NO_PENDING_HAND_OFF");
		assertThat(byLine.get(6).get("code").asString()).isEqualTo("UNKNOWN_DEFECT_CODE");
		assertThat(byLine.get(7).get("code").asString()).isEqualTo("INVALID_SERIAL");
		assertThat(byLine.get(9).get("status").asString()).isEqualTo("ACCEPTED");
		assertThat(byLine.get(10).get("status").asString()).isEqualTo("ACCEPTED");
		assertThat(byLine.get(11).get("status").asString()).as("don't pass a part with an open defect")
			.isEqualTo("REJECTED");
		assertThat(byLine.get(11).get("code").asString()).isEqualTo("PART_HAS_OPEN_DEFECT");
		JsonNode stop = byLine.get(12);
		assertThat(stop.get("status").asString()).isEqualTo("ACCEPTED");
		assertThat(exit).as("some lines were refused").isEqualTo(1);
		assertThat(Files.exists(work.resolve("station-state/SEAT-CUT/outbox"))).as("default state folder").isTrue();

		try (LeadDesk lead = new LeadDesk(server.ws())) {
			assertThat(lead.resume(stop.get("seq").asLong()).get("status").asString()).isEqualTo("ACCEPTED");
		}
	}

	@Test
	void helpIsWrittenForTheShiftLead() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int exit = StationClientMainAccess.run(new String[] { "--help" }, new ByteArrayInputStream(new byte[0]),
				new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
		String help = out.toString(StandardCharsets.UTF_8);
		assertThat(exit).isZero();
		assertThat(help).contains("--station", "--token-file", "--state-dir", "--script", "S stop the line",
				"call your lead", "ws://127.0.0.1:8080/ws");
	}

	@Test
	void missingOptionsAreExplainedInPlainWords() {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exit = StationClientMainAccess.run(new String[] { "--script" }, new ByteArrayInputStream(new byte[0]),
				System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
		assertThat(exit).isEqualTo(2);
		assertThat(err.toString(StandardCharsets.UTF_8)).contains("say which station this is: --station ID");
	}
}
