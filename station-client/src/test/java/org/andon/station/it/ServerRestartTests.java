package org.andon.station.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;

import org.andon.station.CommandResult;
import org.andon.station.Connection;
import org.andon.station.Resolution;
import org.andon.station.StationClient;
import org.andon.station.Ticket;
import org.andon.station.state.Outbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.andon.testsupport.LineServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The line server is killed mid-run while the station keeps working, then started again on the same database:
 * every command the worker gave is in the server's log exactly once, in the order given.
 */
class ServerRestartTests {

	@TempDir
	Path data;

	@Test
	void everyCommandGivenAcrossAServerCrashIsLoggedExactlyOnceInOrder() throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 6);
		int parts = 15;
		// Each part: receive, report a defect, rework it, pass it on. A defect report applied twice would show.
		List<Function<StationClient, Ticket>> work = new ArrayList<>();
		for (int i = 0; i < parts; i++) {
			String serial = "R" + run + "-" + i;
			work.add(c -> c.receive(serial));
			work.add(c -> c.reportDefect(serial, "SCRATCH", null));
			work.add(c -> c.clearDefect(serial, Resolution.REWORKED, null));
			work.add(c -> c.pass(serial, null));
		}
		List<Ticket> given = java.util.Collections.synchronizedList(new ArrayList<>());
		AtomicInteger next = new AtomicInteger();
		AtomicInteger allowed = new AtomicInteger(25);
		ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor();
		try (LineServerProcess server = LineServerProcess.start(data); Stations stations = new Stations()) {
			StationClient frame = stations.station(server.ws(), "FRAME", null);
			// The worker gives one command every 40 ms whatever the server is doing, up to where the test allows.
			worker.scheduleAtFixedRate(() -> {
				if (next.get() < Math.min(allowed.get(), work.size())) {
					given.add(work.get(next.getAndIncrement()).apply(frame));
				}
			}, 0, 40, TimeUnit.MILLISECONDS);

			await().atMost(Duration.ofSeconds(20)).until(() -> answered(given) >= 10);
			server.kill();
			int givenAtCrash = given.size();
			allowed.set(givenAtCrash + 20);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> frame.status().connection().state() != Connection.State.ONLINE);
			await().atMost(Duration.ofSeconds(10)).until(() -> given.size() >= givenAtCrash + 20);
			assertThat(frame.queued()).as("commands given while the server is down wait in the outbox")
				.hasSizeGreaterThanOrEqualTo(8);
			assertThat(Outbox.peek(stations.stateDir("FRAME"))).hasSizeGreaterThanOrEqualTo(8);

			// The rest is given while the server starts up again.
			allowed.set(work.size());
			server.startAgain();
			await().atMost(Duration.ofSeconds(60)).until(() -> given.size() == work.size() && answered(given) == work.size());

			List<CommandResult> results = new ArrayList<>();
			for (Ticket t : given) {
				results.add(t.result().get());
			}
			assertThat(results).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo("ACCEPTED"));
			assertThat(frame.queued()).isEmpty();

			// a command's own entry, and only it: a defect reported in the station's own work also writes its
			// containment (CONTAINMENT_OPENED, PART_HELD) under the same commandId, each once
			Map<String, List<Long>> seqsById = new LinkedHashMap<>();
			Map<String, String> firstType = new LinkedHashMap<>();
			for (JsonNode e : server.log("FA1", 0)) {
				String id = e.path("commandId").asString(null);
				if (id != null && firstType.computeIfAbsent(id, k -> e.path("type").asString())
					.equals(e.path("type").asString())) {
					seqsById.computeIfAbsent(id, k -> new ArrayList<>()).add(e.get("seq").asLong());
				}
			}
			List<Long> seqsInOrderGiven = new ArrayList<>();
			for (Ticket t : given) {
				assertThat(seqsById.get(t.commandId())).as("log entries of " + t.command().summary()).hasSize(1);
				seqsInOrderGiven.add(seqsById.get(t.commandId()).get(0));
			}
			assertThat(seqsInOrderGiven).isSorted();
			long defects = server.log("FA1", 0).stream()
				.filter(e -> "DEFECT_REPORTED".equals(e.get("type").asString())
						&& e.get("partSerial").asString().startsWith("R" + run))
				.count();
			assertThat(defects).isEqualTo(parts);
			assertThat(Files.readString(stations.stateDir("FRAME").resolve("last-seen-seq")).trim()).isNotEmpty();
		}
		finally {
			worker.shutdownNow();
		}
	}

	private static long answered(List<Ticket> given) {
		synchronized (given) {
			return given.stream().filter(t -> t.result().isDone()).count();
		}
	}
}
