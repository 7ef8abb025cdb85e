package org.andon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two line-server nodes on one PostgreSQL database, relaying through RabbitMQ's STOMP plugin (as .ci/run starts
 * them): what one node writes reaches the sessions of the other, the log stays one gap-free sequence, each node checks
 * the rules against what the other wrote (it catches up under the log lock), and escalation steps and their pages
 * happen once for the cluster, also when a node is gone.
 */
class ClusterTests {

	private static final String SECRET = "receiver-secret-0123456789";

	@Test
	void aStationClosedForFloodingOnOneNodeIsRefusedOnTheOtherForTheLockout() throws Exception {
		Path dir = Files.createTempDirectory("andon-cluster");
		String database = PostgresDatabase.create();
		String[] floodLimits = { "--andon.protocol.sender-commands-per-second=20",
				"--andon.protocol.flood-close-after=50", "--andon.protocol.flood-lockout=1m" };
		try (PageReceiver receiver = receiver();
				ConfigurableApplicationContext a = node(database, plant(dir, receiver), CLOCK, floodLimits);
				ConfigurableApplicationContext b = node(database, plant(dir, receiver), CLOCK, floodLimits)) {
			try (RawStomp flood = RawStomp.connect(RestartTests.port(a), "FRAME", "demo-frame")) {
				assertThat(flood.next()).startsWith("CONNECTED");
				flood.subscribeResults();
				int sent = 0;
				while (sent < 2000 && flood.trySend(RawStomp.frame("SEND", "{\"commandId\":\"" + java.util.UUID
						.randomUUID() + "\",\"type\":\"RECEIVE\",\"stationId\":\"FRAME\",\"partSerial\":\"GUSH-"
						+ sent + "\"}", "destination:/app/commands", "content-type:application/json"))) {
					sent++;
				}
				assertThat(flood.closedByServer()).as("closed on node A after %d commands", sent).isTrue();
				assertThat(flood.closeReason).startsWith("RATE_LIMITED");
			}
			try (RawStomp onB = RawStomp.connect(RestartTests.port(b), "FRAME", "demo-frame")) {
				assertThat(onB.next()).as("the same login from the same address on node B, within the lockout")
					.startsWith("ERROR").contains("message:RATE_LIMITED").contains("closed for flooding");
			}
			try (RawStomp other = RawStomp.connect(RestartTests.port(b), "WELD", "demo-weld")) {
				assertThat(other.next()).as("another station signs in on node B").startsWith("CONNECTED");
			}
		}
	}

	@Test
	void aStopOnOneNodeHaltsStationsOnTheOtherAndItsBoardsSeeTheIncident() throws Exception {
		Path dir = Files.createTempDirectory("andon-cluster");
		String database = PostgresDatabase.create();
		try (PageReceiver receiver = receiver();
				ConfigurableApplicationContext a = node(database, plant(dir, receiver), CLOCK);
				ConfigurableApplicationContext b = node(database, plant(dir, receiver), CLOCK);
				StationSession weld = StationSession.station(RestartTests.port(a), "WELD");
				StationSession paint = StationSession.station(RestartTests.port(b), "PAINT");
				StationSession paintTerminal = StationSession.station(RestartTests.port(b), "PAINT");
				StationSession paintOnA = StationSession.station(RestartTests.port(a), "PAINT");
				StationSession boardOnB = StationSession.person(RestartTests.port(b), "lead", "FA1")) {
			long stop = weld.command("type", "STOP", "stationId", "WELD", "reason", "QUALITY").path("seq").asLong();

			// every session of the downstream station hears it, on either node, exactly once
			for (StationSession s : List.of(paint, paintTerminal, paintOnA)) {
				s.awaitPush("HALT", p -> p.path("data").path("stopId").asLong() == stop);
				await().during(Duration.ofMillis(300)).until(() -> s.pushTypes().stream()
					.filter("HALT"::equals).count() == 1);
			}
			await().untilAsserted(() -> assertThat(boardOnB.lineEvents)
				.anySatisfy(e -> {
					assertThat(e.path("type").asString()).isEqualTo("INCIDENT_OPENED");
					assertThat(e.path("data").path("stopId").asLong()).isEqualTo(stop);
				}));
			// quality signs off on node A, the lead on node B resumes the line (the second key); A's station hears it
			try (StationSession qualityOnA = StationSession.person(RestartTests.port(a), "quality", "FA1")) {
				assertThat(qualityOnA.command("type", "SIGN_OFF", "stopId", stop).path("status").asString())
					.isEqualTo("ACCEPTED");
			}
			assertThat(boardOnB.command("type", "RESUME", "stopId", stop).path("status").asString())
				.isEqualTo("ACCEPTED");
			weld.awaitPush("STATE", p -> "RUNNING".equals(p.path("data").path("to").asString()));
			paint.awaitPush("RESUME", p -> p.path("data").path("stopId").asLong() == stop);
		}
	}

	@Test
	void stationsOnBothNodesWriteOneGapFreeLogAndEachCommandOnce() throws Exception {
		Path dir = Files.createTempDirectory("andon-cluster");
		String database = PostgresDatabase.create();
		int parts = 60;
		try (PageReceiver receiver = receiver();
				ConfigurableApplicationContext a = node(database, plant(dir, receiver), CLOCK);
				ConfigurableApplicationContext b = node(database, plant(dir, receiver), CLOCK);
				StationSession frameOnA = StationSession.station(RestartTests.port(a), "FRAME");
				StationSession frameOnB = StationSession.station(RestartTests.port(b), "FRAME");
				StationSession weld = StationSession.station(RestartTests.port(b), "WELD")) {
			// FRAME's tablet on node A and its terminal on node B feed parts at the same time
			List<List<JsonNode>> fed = atOnce(List.of(frameOnA, frameOnB), 2 * parts, frame -> {
				for (int i = 0; i < parts; i++) {
					String serial = (frame == frameOnA ? "A-" : "B-") + i;
					frame.pipeline("type", "RECEIVE", "stationId", "FRAME", "partSerial", serial);
					frame.pipeline("type", "PASS", "stationId", "FRAME", "partSerial", serial);
				}
			});
			for (List<JsonNode> results : fed) {
				assertThat(results).hasSize(2 * parts)
					.allSatisfy(r -> assertThat(r.path("status").asString()).as(r.toString()).isEqualTo("ACCEPTED"));
			}
			for (int i = 0; i < parts; i++) {
				weld.pipeline("type", "ACCEPT", "stationId", "WELD", "partSerial", "A-" + i);
				weld.pipeline("type", "ACCEPT", "stationId", "WELD", "partSerial", "B-" + i);
			}
			assertThat(weld.takeResults(2 * parts)).hasSize(2 * parts)
				.allSatisfy(r -> assertThat(r.path("status").asString()).as(r.toString()).isEqualTo("ACCEPTED"));

			// one sequence for both nodes: gap-free, hash chain intact, every accepted command exactly once
			JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
			List<Long> seqs = jdbc.queryForList("select seq from event_log order by seq", Long.class);
			assertThat(seqs).hasSize(seqs.get(seqs.size() - 1).intValue());
			assertThat(jdbc.queryForObject("select count(*) from event_log where station_id = 'WELD' "
					+ "and type = 'HAND_OFF_ACCEPTED'", Long.class)).isEqualTo(2L * parts);
			assertThat(jdbc.queryForList("select command_id from command_record where accepted group by command_id "
					+ "having count(*) > 1", String.class)).isEmpty();
			JsonNode verify = Http.get(RestartTests.port(b), "quality", "/api/log/verify");
			assertThat(verify.path("intact").asBoolean()).as(verify.toString()).isTrue();
		}
	}

	@Test
	void twoNodesWritingTheSameLineAtOnceStillEnforceEveryRule() throws Exception {
		Path dir = Files.createTempDirectory("andon-cluster");
		String database = PostgresDatabase.create();
		int parts = 40;
		try (PageReceiver receiver = receiver();
				ConfigurableApplicationContext a = node(database, plant(dir, receiver), CLOCK);
				ConfigurableApplicationContext b = node(database, plant(dir, receiver), CLOCK);
				StationSession frameOnA = StationSession.station(RestartTests.port(a), "FRAME");
				StationSession frameOnB = StationSession.station(RestartTests.port(b), "FRAME");
				StationSession weldOnA = StationSession.station(RestartTests.port(a), "WELD");
				StationSession weldOnB = StationSession.station(RestartTests.port(b), "WELD");
				StationSession leadOnB = StationSession.person(RestartTests.port(b), "lead", "FA1")) {
			// both nodes are handed the same serials at the same moment: each enters the line exactly once
			List<JsonNode> results = atOnce(List.of(frameOnA, frameOnB), parts, frame -> {
				for (int i = 0; i < parts; i++) {
					frame.pipeline("type", "RECEIVE", "stationId", "FRAME", "partSerial", "S-" + i);
				}
			}).stream().flatMap(List::stream).toList();
			assertThat(results.stream().filter(r -> "ACCEPTED".equals(r.path("status").asString()))).hasSize(parts);
			assertThat(results.stream().filter(r -> "PART_ALREADY_ON_LINE".equals(r.path("code").asString())))
				.hasSize(parts);

			// node A passes a part; node B, which never saw that command, takes the hand-off
			assertThat(frameOnA.command("type", "PASS", "stationId", "FRAME", "partSerial", "S-0").path("status")
				.asString()).isEqualTo("ACCEPTED");
			assertThat(weldOnB.command("type", "ACCEPT", "stationId", "WELD", "partSerial", "S-0").path("status")
				.asString()).isEqualTo("ACCEPTED");
			// ... and a second ACCEPT of it on node A is refused: A catches up before it checks
			assertThat(weldOnA.command("type", "ACCEPT", "stationId", "WELD", "partSerial", "S-0").path("code")
				.asString()).isEqualTo("NO_PENDING_HAND_OFF");

			// a stop pulled on node B holds the line on node A
			long stop = frameOnB.command("type", "STOP", "stationId", "FRAME", "reason", "QUALITY").path("seq")
				.asLong();
			JsonNode blocked = weldOnA.command("type", "PASS", "stationId", "WELD", "partSerial", "S-0");
			assertThat(blocked.path("code").asString()).as(blocked.toString()).isEqualTo("STATION_HALTED");
			assertThat(frameOnA.command("type", "PASS", "stationId", "FRAME", "partSerial", "S-1").path("code")
				.asString()).isEqualTo("STATION_STOPPED");
			// two keys on two nodes: quality's given on A, so B's memory must catch up to let the lead resume
			JsonNode alone = leadOnB.command("type", "RESUME", "stopId", stop);
			assertThat(alone.path("code").asString()).as(alone.toString()).isEqualTo("SIGN_OFF_MISSING");
			try (StationSession qualityOnA = StationSession.person(RestartTests.port(a), "quality", "FA1")) {
				assertThat(qualityOnA.command("type", "SIGN_OFF", "stopId", stop).path("status").asString())
					.isEqualTo("ACCEPTED");
			}
			assertThat(leadOnB.command("type", "RESUME", "stopId", stop).path("status").asString())
				.isEqualTo("ACCEPTED");
			assertThat(weldOnA.command("type", "PASS", "stationId", "WELD", "partSerial", "S-0").path("status")
				.asString()).isEqualTo("ACCEPTED");

			JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
			List<Long> seqs = jdbc.queryForList("select seq from event_log order by seq", Long.class);
			assertThat(seqs).hasSize(seqs.get(seqs.size() - 1).intValue());
			assertThat(jdbc.queryForObject("select count(*) from part", Long.class)).isEqualTo((long) parts);
			JsonNode verify = Http.get(RestartTests.port(a), "quality", "/api/log/verify");
			assertThat(verify.path("intact").asBoolean()).as(verify.toString()).isTrue();
		}
	}

	/** Each session sends its commands on its own thread, all at the same moment; then each one's results. */
	private static List<List<JsonNode>> atOnce(List<StationSession> sessions, int resultsEach,
			java.util.function.Consumer<StationSession> send) throws Exception {
		List<CompletableFuture<List<JsonNode>>> feeders = new ArrayList<>();
		for (StationSession session : sessions) {
			feeders.add(CompletableFuture.supplyAsync(() -> {
				send.accept(session);
				try {
					return session.takeResults(resultsEach);
				}
				catch (InterruptedException ex) {
					throw new IllegalStateException(ex);
				}
			}));
		}
		List<List<JsonNode>> all = new ArrayList<>();
		for (CompletableFuture<List<JsonNode>> f : feeders) {
			all.add(f.get());
		}
		return all;
	}

	@Test
	void eachEscalationStepPagesOnceForTheClusterAndStillFiresWhenANodeIsGone() throws Exception {
		Path dir = Files.createTempDirectory("andon-cluster");
		String database = PostgresDatabase.create();
		MutableClock clock = new MutableClock(Instant.parse("2026-11-27T09:00:00Z"));
		try (PageReceiver receiver = receiver();
				ConfigurableApplicationContext b = node(database, plant(dir, receiver), clock)) {
			long stop;
			try (ConfigurableApplicationContext a = node(database, plant(dir, receiver), clock);
					StationSession weld = StationSession.station(RestartTests.port(a), "WELD")) {
				stop = weld.command("type", "STOP", "stationId", "WELD", "reason", "MAINTENANCE").path("seq").asLong();
				// step 1 (shift lead) at once, step 2 (supervisor) after 2 minutes: both nodes tick and dispatch
				await().until(() -> step(receiver, 1).size() == 1);
				clock.advance(Duration.ofMinutes(3));
				await().until(() -> step(receiver, 2).size() == 1);
				await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5))
					.until(() -> step(receiver, 1).size() == 1 && step(receiver, 2).size() == 1);
			}
			// node A is gone; the plant manager's step falls due while only node B is left
			clock.advance(Duration.ofMinutes(6));
			await().until(() -> step(receiver, 3).size() == 1);
			await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5))
				.until(() -> step(receiver, 3).size() == 1);
			JdbcTemplate jdbc = b.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForList("select type from event_log where type = 'INCIDENT_PAGED' order by seq",
					String.class)).hasSize(3);
			assertThat(jdbc.queryForObject("select steps from incident where stop_id = ?", Integer.class, stop))
				.isEqualTo(3);
		}
	}

	@Test
	void clusterModeRefusesADatabaseOnlyOneNodeCanOpen() throws Exception {
		Path dir = Files.createTempDirectory("andon-cluster");
		try (PageReceiver receiver = receiver()) {
			Path plant = plant(dir, receiver);
			assertThatThrownBy(() -> new SpringApplicationBuilder(LineServerApplication.class).run("--server.port=0",
					"--andon.cluster.enabled=true", "--andon.topology=file:" + plant,
					"--spring.datasource.url=jdbc:h2:file:" + dir.resolve("andon")))
				.hasStackTraceContaining("needs a database all nodes share");
		}
	}

	private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-27T09:00:00Z"));

	/** Webhook pages the receiver got for one escalation step. */
	private static List<PageReceiver.Received> step(PageReceiver receiver, int step) {
		return receiver.at("/generic").stream().filter(r -> r.pageId() != null && r.pageId().contains("/step/" + step
				+ "/")).toList();
	}

	private static PageReceiver receiver() throws Exception {
		return new PageReceiver(Map.of("/generic", SECRET, "/slack", SECRET, "/pagerduty", SECRET));
	}

	/** The escalation test plant, with the generic webhook paged at every level so each step can be counted. */
	private static Path plant(Path dir, PageReceiver receiver) throws Exception {
		Path file = EscalationPlant.write(dir, receiver.port());
		Files.writeString(file, Files.readString(file)
			.replace("channels: [push, email], waitMinutes: 5", "channels: [push, webhook:generic], waitMinutes: 5")
			.replace("channels: [email], waitMinutes: 5", "channels: [webhook:generic], waitMinutes: 5"));
		return file;
	}

	/** One node of the cluster: the shared database, the broker relay, the test's clock and fast timers. */
	static ConfigurableApplicationContext node(String database, Path plant, java.time.Clock clock,
			String... settings) {
		List<String> args = new java.util.ArrayList<>(List.of("--server.port=0", "--andon.cluster.enabled=true",
				"--spring.datasource.url=" + database, "--spring.datasource.username=" + PostgresDatabase.USER,
				"--andon.topology=file:" + plant, "--andon.escalation.tick=50ms", "--andon.paging.poll=50ms"));
		args.addAll(List.of(settings));
		if (args.stream().noneMatch(a -> a.startsWith("--andon.protocol.sender-commands-per-second="))) {
			// a station here pipelines over a hundred commands at once, more than a slice of its share: these
			// tests are about one log written by two nodes, not about the share (AccessTests)
			args.add("--andon.protocol.sender-commands-per-second=100000");
		}
		return new SpringApplicationBuilder(LineServerApplication.class)
			.initializers(ctx -> ((GenericApplicationContext) ctx).registerBean("clock", java.time.Clock.class,
					() -> clock))
			.run(args.toArray(String[]::new));
	}
}
