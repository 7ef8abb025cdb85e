package org.andon.ops.sim;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short run of the simulator, so it cannot rot: a real line server (the jar, started by the simulator itself), a
 * plant of two lines, three seconds of traffic with stops, and the raw-WebSocket baseline beside it. Benchmarks are
 * commands (docs/benchmarks.md), not tests: this only checks that every figure is measured and reported.
 */
class SimulatorTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path dir;

	@Test
	void aShortRunMeasuresCommandsAndStopsAgainstARealServerAndTheBaseline() throws Exception {
		Path jar = Path.of(System.getProperty("andon.line-server.jar", "../line-server/target/line-server.jar"));
		assertThat(jar).as("the line server jar (./mvnw -pl line-server -am -DskipTests package)").isRegularFile();
		Path json = dir.resolve("run.json");
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();

		int exit = Simulate.run(new String[] { "--start-server", "--line-server-jar", jar.toString(),
				"--server-jvm-args", "-XX:TieredStopAtLevel=1 -Xmx256m", "--work-dir", dir.resolve("work").toString(),
				"--lines", "2", "--stations-per-line", "4", "--boards", "2", "--rate", "40", "--stop-probability",
				"0.15", "--stop-hold", "200ms", "--reject-probability", "0.1", "--warmup", "1s", "--duration", "3s",
				"--baseline", "--json", json.toString() }, new PrintWriter(out, true), new PrintWriter(err, true));

		assertThat(exit).as("exit code; stderr:\n" + err + "\nstdout:\n" + out).isZero();
		assertThat(out.toString()).contains("commands acknowledged", "STOP -> last HALT", "Baseline: raw WebSocket");
		JsonNode report = JSON.readTree(json.toFile());
		JsonNode phase = report.path("phases").path(0);
		assertThat(phase.path("commandsAcknowledgedPerSecond").asDouble()).isPositive();
		assertThat(phase.path("accepted").asLong()).isPositive();
		assertThat(phase.path("handOffsPerSecond").asDouble()).isPositive();
		assertThat(phase.path("unanswered").asLong()).isZero();
		for (String latency : new String[] { "commandAck", "stopToHalt", "stopToLastHalt", "stopToHaltOnWire" }) {
			JsonNode l = phase.path(latency);
			assertThat(l.path("count").asLong()).as(latency).isPositive();
			assertThat(l.path("p99").asDouble()).as(latency).isPositive()
				.isGreaterThanOrEqualTo(l.path("p50").asDouble());
			assertThat(l.path("max").asDouble()).as(latency).isGreaterThanOrEqualTo(l.path("p999").asDouble());
		}
		assertThat(phase.path("missingHalts").asLong()).as("every HALT of every stop arrived").isZero();
		assertThat(phase.path("serverRssMbMax").asDouble()).as("the server's RSS was watched").isPositive();
		assertThat(phase.path("overBaseline").path("stopToLastHalt").path("p99").asDouble()).isPositive();
		JsonNode baseline = report.path("baseline").path(0);
		assertThat(baseline.path("clients").asInt()).isEqualTo(2 * 4 + 2);
		assertThat(baseline.path("commandAck").path("count").asLong()).isPositive();
		assertThat(baseline.path("stopToLastHalt").path("count").asLong()).isPositive();
		assertThat(baseline.path("missingPushes").asLong()).isZero();
		assertThat(report.path("machine").path("cores").asInt()).isPositive();
	}

	@Test
	void theLightClientAnswersEveryCommandAndHearsEveryHaltPhaseByPhase() throws Exception {
		Path jar = Path.of(System.getProperty("andon.line-server.jar", "../line-server/target/line-server.jar"));
		assertThat(jar).as("the line server jar (./mvnw -pl line-server -am -DskipTests package)").isRegularFile();
		Path json = dir.resolve("light.json");
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();

		int exit = Simulate.run(new String[] { "--start-server", "--line-server-jar", jar.toString(),
				"--server-jvm-args", "-XX:TieredStopAtLevel=1 -Xmx256m", "--work-dir", dir.resolve("work").toString(),
				"--client", "light", "--client-threads", "1", "--lines", "2", "--stations-per-line", "4", "--boards",
				"2", "--rate", "40,80", "--stop-probability", "0.15", "--stop-hold", "200ms", "--reject-probability",
				"0.1", "--warmup", "1s", "--duration", "2s", "--json", json.toString() }, new PrintWriter(out, true),
				new PrintWriter(err, true));

		assertThat(exit).as("exit code; stderr:\n" + err + "\nstdout:\n" + out).isZero();
		assertThat(out.toString()).contains("clients: light", "Ramp (light clients)", "server CPU ms/command")
			.doesNotContain("still outstanding");
		JsonNode report = JSON.readTree(json.toFile());
		assertThat(report.path("settings").path("client").asString()).isEqualTo("light");
		assertThat(report.path("phases")).hasSize(2);
		long stops = 0;
		for (JsonNode phase : report.path("phases")) {
			long sent = phase.path("commandsSent").asLong();
			assertThat(sent).isPositive();
			assertThat(phase.path("unanswered").asLong()).isZero();
			assertThat(phase.path("unansweredAtEnd").asLong()).isZero();
			assertThat(phase.path("accepted").asLong() + phase.path("rejected").asLong())
				.as("every command sent got exactly one result").isEqualTo(sent);
			assertThat(phase.path("commandAck").path("count").asLong()).isEqualTo(sent);
			assertThat(phase.path("commandAck").path("p99").asDouble()).isPositive();
			assertThat(phase.path("handOffsPerSecond").asDouble()).isPositive();
			assertThat(phase.path("missingHalts").asLong()).as("every HALT of every stop arrived").isZero();
			assertThat(phase.path("unexpectedHalts").asLong()).isZero();
			assertThat(phase.path("resumeFailures").asLong()).isZero();
			assertThat(phase.path("serverCpuMillisPerCommand").asDouble()).isPositive();
			assertThat(phase.path("simulatorCpuMillisPerCommand").asDouble()).isPositive();
			assertThat(phase.path("boardEntriesPerSecond").asDouble()).as("the light boards follow their lines")
				.isPositive();
			stops += phase.path("stopToLastHalt").path("count").asLong();
		}
		assertThat(stops).as("stops whose every HALT was heard").isPositive();
		JsonNode ramp = report.path("ramp");
		assertThat(ramp).hasSize(2);
		assertThat(ramp.path(1).path("rate").asDouble()).isEqualTo(80.0);
		assertThat(ramp.path(1).path("commandsAcknowledgedPerSecond").asDouble())
			.isEqualTo(report.path("phases").path(1).path("commandsAcknowledgedPerSecond").asDouble()).isPositive();
		assertThat(ramp.path(1).path("commandP99Millis").asDouble()).isPositive();
		assertThat(ramp.path(1).path("serverCpuMillisPerCommand").asDouble()).isPositive();
	}

	@Test
	void theStubServerAnswersTheLightClientSoTheSimulatorsOwnCostCanBeMeasured() throws Exception {
		Path json = dir.resolve("stub.json");
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();

		int exit = Simulate.run(new String[] { "--stub-server", "--client", "light", "--work-dir",
				dir.resolve("work").toString(), "--lines", "2", "--stations-per-line", "4", "--boards", "2", "--rate",
				"200", "--stop-probability", "0.1", "--stop-hold", "100ms", "--reject-probability", "0.1", "--warmup",
				"0.5s", "--duration", "1.5s", "--window", "64", "--json", json.toString() },
				new PrintWriter(out, true), new PrintWriter(err, true));

		assertThat(exit).as("exit code; stderr:\n" + err + "\nstdout:\n" + out).isZero();
		assertThat(out.toString()).contains("STUB", "window of 64");
		JsonNode report = JSON.readTree(json.toFile());
		assertThat(report.path("server").path("stub").asBoolean()).isTrue();
		JsonNode phase = report.path("phases").path(0);
		assertThat(phase.path("commandAck").path("count").asLong()).isEqualTo(phase.path("commandsSent").asLong())
			.isPositive();
		assertThat(phase.path("unanswered").asLong()).isZero();
		assertThat(phase.path("missingHalts").asLong()).isZero();
		assertThat(phase.path("unexpectedHalts").asLong()).isZero();
		assertThat(phase.path("stopToLastHalt").path("count").asLong()).isPositive();
		assertThat(phase.path("stopToBoard").path("count").asLong()).as("boards saw the stops").isPositive();
		assertThat(phase.path("simulatorCpuSecondsByThread").path("lightStations").asDouble()).isPositive();
	}

	@Test
	void anErrorFramesMessageHeaderIsReadWithItsEscapesUndone() {
		String frame = "ERROR\nmessage:RATE_LIMITED\\c 'L51-S01' was closed\\nagain \\\\ soon\n\n\0";
		assertThat(StompSocket.header(frame, 0, frame.indexOf("\n\n"), "message"))
			.isEqualTo("RATE_LIMITED: 'L51-S01' was closed\nagain \\ soon");
	}

	@Test
	void leanJsonReadsTheEnvelopesFieldsAndCommandIdsAreLowerCaseUuids() {
		// a key quoted inside an earlier string value cannot match: its quotes are escaped
		String result = "{\"message\":\"a \\\"status\\\":\\\"x\\\", \\\"seq\\\":1 note\",\"status\":\"REJECTED\","
				+ "\"commandId\":\"3f2a6c1e-8b4d-4e0a-9c57-1a2b3c4d0106\",\"seq\":106,\"code\":\"PART_HAS_OPEN_DEFECT\","
				+ "\"duplicate\":false}";
		assertThat(LeanJson.string(result, "status")).isEqualTo("REJECTED");
		assertThat(LeanJson.string(result, "code")).isEqualTo("PART_HAS_OPEN_DEFECT");
		assertThat(LeanJson.number(result, "seq", -1)).isEqualTo(106);
		assertThat(LeanJson.number(result, "nothing", -1)).isEqualTo(-1);
		assertThat(LeanJson.string(result, "seq")).as("not a string").isNull();
		assertThat(LeanJson.string("{ \"type\" : \"HALT\", \"data\": {\"stopId\": 108}}", "type")).isEqualTo("HALT");
		assertThat(LeanJson.number("{ \"type\" : \"HALT\", \"data\": {\"stopId\": 108}}", "stopId", -1))
			.isEqualTo(108);
		for (int i = 0; i < 100; i++) {
			assertThat(LightFloor.commandId())
				.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
		}
	}

	@Test
	void refusesAServerItWasNotGivenExplicitlyAndStartServerBesideOne() {
		StringWriter err = new StringWriter();
		int exit = Simulate.run(new String[] { "--start-server", "--server", "ws://127.0.0.1:9/ws" },
				new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
		assertThat(exit).isEqualTo(2);
		assertThat(err.toString()).contains("leave out --server");

		assertThat(Simulate.loopback(URI.create("ws://127.0.0.1:8080/ws"))).isTrue();
		assertThat(Simulate.loopback(URI.create("ws://localhost:8080/ws"))).isTrue();
		assertThat(Simulate.loopback(URI.create("ws://[::1]:8080/ws"))).isTrue();
		assertThat(Simulate.loopback(URI.create("ws://192.0.2.10:8080/ws"))).isFalse();
	}

	@Test
	void writesAPlantFileTheLineServerCanLoad() throws Exception {
		Path plant = dir.resolve("plant.yml");
		int exit = Simulate.run(new String[] { "--write-plant", plant.toString(), "--lines", "3",
				"--stations-per-line", "2", "--boards", "1" }, new PrintWriter(new StringWriter(), true),
				new PrintWriter(new StringWriter(), true));
		assertThat(exit).isZero();
		String yaml = Files.readString(plant);
		assertThat(yaml).contains("{ from: L03-S01, to: L03-S02 }", "username: sim-lead", "username: sim-board-001")
			.doesNotContain("L03-S03");
		String hash = yaml.lines().filter(l -> l.contains("id: L01-S01")).findFirst().orElseThrow()
			.replaceAll(".*token: '([^']+)'.*", "$1");
		assertThat(org.springframework.security.crypto.bcrypt.BCrypt.checkpw("sim-l01-s01", hash)).isTrue();
	}

	@Test
	void percentilesAreByNearestRankAndDurationsReadAsPeopleWriteThem() {
		Samples s = new Samples();
		for (int i = 1; i <= 1000; i++) {
			s.add(i * 1_000_000L);
		}
		Samples.Latency l = s.summary();
		assertThat(l.count()).isEqualTo(1000);
		assertThat(l.p50()).isEqualTo(500.0);
		assertThat(l.p99()).isEqualTo(990.0);
		assertThat(l.p999()).isEqualTo(999.0);
		assertThat(l.max()).isEqualTo(1000.0);
		assertThat(l.over(new Samples.Latency(1, 250, 495, 999, 500, 0)).p99()).isEqualTo(2.0);

		Simulate.Durations d = new Simulate.Durations();
		assertThat(d.convert("200ms")).isEqualTo(Duration.ofMillis(200));
		assertThat(d.convert("30s")).isEqualTo(Duration.ofSeconds(30));
		assertThat(d.convert("2m")).isEqualTo(Duration.ofMinutes(2));
		assertThat(d.convert("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
	}
}
