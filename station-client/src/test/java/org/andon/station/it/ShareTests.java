package org.andon.station.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.andon.station.CommandResult;
import org.andon.station.StationClient;
import org.andon.station.Ticket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.andon.testsupport.LineServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A station that gives far more commands than its share at once (an outbox replayed after a long outage, here a
 * burst of 160 against a share of 20 a second) gets many of them refused with RATE_LIMITED and sends those again;
 * every one is applied once, in the order the worker gave it: no PASS is applied before the RECEIVE it follows,
 * although the share comes back while a window of commands is in flight.
 */
class ShareTests {

	@TempDir
	Path data;

	@Test
	void aBurstFarOverTheShareIsAppliedInFullAndInTheOrderGiven() throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 6);
		try (LineServerProcess server = LineServerProcess.start(data,
				List.of("--andon.protocol.sender-commands-per-second=20")); Stations stations = new Stations()) {
			StationClient frame = stations.station(server.ws(), "FRAME", null);
			List<Ticket> given = new ArrayList<>();
			for (int i = 0; i < 80; i++) {
				String serial = "S" + run + "-" + i;
				given.add(frame.receive(serial));
				given.add(frame.pass(serial, null));
			}
			await().atMost(Duration.ofSeconds(90)).until(() -> given.stream().allMatch(t -> t.result().isDone()));
			List<CommandResult> results = new ArrayList<>();
			for (Ticket t : given) {
				results.add(t.result().get());
			}
			assertThat(results).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo("ACCEPTED"));

			Map<String, Long> seqById = new LinkedHashMap<>();
			for (JsonNode e : server.log("FA1", 0)) {
				String id = e.path("commandId").asString(null);
				if (id != null) {
					seqById.putIfAbsent(id, e.get("seq").asLong());
				}
			}
			List<Long> inOrderGiven = new ArrayList<>();
			for (Ticket t : given) {
				inOrderGiven.add(seqById.get(t.commandId()));
			}
			assertThat(inOrderGiven).doesNotContainNull().isSorted();
		}
	}
}
