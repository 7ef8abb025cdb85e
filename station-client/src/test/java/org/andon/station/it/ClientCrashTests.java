package org.andon.station.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;


import org.andon.station.CommandResult;
import org.andon.station.StationClient;
import org.andon.station.state.Outbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.andon.testsupport.LineServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The terminal is killed (kill -9) while commands given during a network outage still wait in its outbox; a new
 * client on the same state folder delivers them, each exactly once.
 */
class ClientCrashTests {

	final LineServerProcess server = LineServerProcess.shared();

	@TempDir
	Path work;

	@Test
	void commandsLeftInTheOutboxOfAKilledTerminalAreDeliveredExactlyOnceByTheNextOne() throws Exception {
		String p = "K" + UUID.randomUUID().toString().substring(0, 6);
		Path state = work.resolve("frame-state");
		Files.writeString(work.resolve("frame.token"), "demo-frame\n");
		int nowhere = LineServerProcess.freePort();
		try (ClientProcess terminal = ClientProcess.start(work, "--server", "ws://127.0.0.1:" + nowhere + "/ws",
				"--station", "FRAME", "--token-file", "frame.token", "--state-dir", state.toString(), "--script")) {
			terminal.type("receive " + p + "-1", "defect " + p + "-1 SCRATCH", "clear " + p + "-1 reworked",
					"pass " + p + "-1", "receive " + p + "-2", "pass " + p + "-2");
			await().atMost(Duration.ofSeconds(20)).until(() -> Outbox.peek(state).size() == 6);
			terminal.kill();
			assertThat(terminal.stdout).as("no results: the server was never reached").isEmpty();
		}
		List<String> queued = Outbox.peek(state).stream().map(Outbox.Entry::commandId).toList();

		Stations.Heard heard = new Stations.Heard();
		try (StationClient next = StationClient.builder().server(server.ws()).station("FRAME", "demo-frame")
			.stateDir(state).build()) {
			next.addListener(heard);
			assertThat(next.queued()).as("recovered from disk before connecting").hasSize(6);
			next.start();
			await().atMost(Duration.ofSeconds(20)).until(() -> next.queued().isEmpty());
		}
		assertThat(heard.results).extracting(CommandResult::commandId).containsExactlyElementsOf(queued);
		assertThat(heard.results).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo("ACCEPTED"));

		Map<String, List<Long>> logged = server.log("FA1", 0).stream()
			.filter(e -> queued.contains(e.path("commandId").asString("")))
			.collect(Collectors.groupingBy(e -> e.get("commandId").asString(),
					Collectors.mapping(e -> e.get("seq").asLong(), Collectors.toList())));
		List<Long> seqs = new ArrayList<>();
		for (String id : queued) {
			assertThat(logged.get(id)).as("log entries of command " + id).hasSize(1);
			seqs.add(logged.get(id).get(0));
		}
		assertThat(seqs).isSorted();
		assertThat(Outbox.peek(state)).isEmpty();
		assertThat(server.get("/api/lines/FA1/parts/" + p + "-1/trace")).extracting(e -> e.get("type").asString())
			.containsExactly("PART_RECEIVED", "DEFECT_REPORTED", "DEFECT_CLEARED", "PART_PASSED");
	}

}
