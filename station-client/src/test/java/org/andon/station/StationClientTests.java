package org.andon.station;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import tools.jackson.databind.JsonNode;

import org.andon.station.link.Backoff;
import org.andon.station.state.Outbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The client's rules without a network: order, resending, backoff, catch-up, watchdogs. Time is a fake clock. */
class StationClientTests {

	@TempDir
	Path dir;

	final ManualScheduler scheduler = new ManualScheduler();
	final FakeLinks server = new FakeLinks();
	final List<String> heard = new ArrayList<>();
	final List<StationClient> clients = new ArrayList<>();

	@AfterEach
	void close() {
		clients.forEach(StationClient::close);
	}

	StationClient client() throws IOException {
		StationClient c = StationClient.builder().station("FRAME", "demo-frame").stateDir(dir).clock(scheduler)
			.scheduler(scheduler).random(new Random(7)).links(server)
			.backoff(new Backoff(Duration.ofMillis(500), Duration.ofSeconds(8)))
			.probe(Duration.ofSeconds(20), Duration.ofSeconds(15)).build();
		c.addListener(new StationListener() {
			@Override
			public void onHalt(Stop stop, StationPush push) {
				heard.add("HALT " + push.seq() + " by " + stop.stoppedStation());
			}

			@Override
			public void onPartIncoming(String partSerial, String from, StationPush push) {
				heard.add("INCOMING " + push.seq() + " " + partSerial);
			}

			@Override
			public void onResult(Command command, CommandResult result) {
				heard.add("RESULT " + command.summary() + " " + result.status());
			}
		});
		clients.add(c);
		return c.start();
	}

	@Test
	void aStopPulledOfflineIsKeptOnDiskFlaggedAsNotSentAndSentAsSoonAsTheServerIsBack() throws Exception {
		StationClient client = client();
		scheduler.runDue();
		assertThat(client.status().connection().state()).isEqualTo(Connection.State.OFFLINE);

		Ticket stop = client.stop(StopReason.SAFETY, null, "guard open");
		scheduler.runDue();

		assertThat(Outbox.peek(dir)).extracting(Outbox.Entry::commandId).containsExactly(stop.commandId());
		assertThat(client.status().stopNotYetSent()).isTrue();
		assertThat(client.queued()).singleElement().satisfies(q -> assertThat(q.sends()).isZero());
		assertThat(stop.result()).isNotDone();

		server.up = true;
		scheduler.advance(Duration.ofSeconds(1));
		assertThat(client.status().connection().online()).isTrue();
		assertThat(server.current().commands()).extracting(c -> c.get("commandId").asString())
			.containsExactly(stop.commandId());
		assertThat(client.status().stopNotYetSent()).isFalse();
		assertThat(client.status().stopWaiting()).isTrue();

		server.current().answer(stop.commandId(), 41);
		scheduler.runDue();
		assertThat(stop.result()).isCompletedWithValueMatching(CommandResult::accepted);
		assertThat(client.status().stopWaiting()).isFalse();
		assertThat(client.status().stops()).extracting(Stop::stopId).containsExactly(41L);
		assertThat(Outbox.peek(dir)).isEmpty();
	}

	@Test
	void reconnectsBackOffExponentiallyWithJitterAndStartAfreshOnceCaughtUp() throws Exception {
		client();
		scheduler.runDue();
		List<Long> waits = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			Instant now = scheduler.instant();
			waits.add(Duration.between(now, scheduler.nextDue()).toMillis());
			scheduler.advance(Duration.between(now, scheduler.nextDue()));
		}
		assertThat(server.attempts).hasSize(7);
		long[] ceilings = { 500, 1000, 2000, 4000, 8000, 8000 };
		for (int i = 0; i < ceilings.length; i++) {
			assertThat(waits.get(i)).as("wait %d of %s", i, waits).isBetween(ceilings[i] / 2, ceilings[i]);
		}
		assertThat(waits).as("jitter").doesNotHaveDuplicates();

		server.up = true;
		scheduler.advance(Duration.ofSeconds(8));
		server.current().deliver("/user/queue/sync", "{\"upTo\":5,\"missed\":[]}");
		scheduler.runDue();
		server.current().drop();
		scheduler.runDue();
		Instant now = scheduler.instant();
		assertThat(Duration.between(now, scheduler.nextDue()).toMillis()).isBetween(250L, 500L);
	}

	@Test
	void commandsGoInOrderAndAfterALostLinkTheUnansweredOnesGoAgainWithTheSameIdsBeforeTheCatchUp()
			throws Exception {
		server.up = true;
		StationClient client = client();
		scheduler.runDue();
		server.current().deliver("/user/queue/station", snapshot(3, "RUNNING"));
		server.current().deliver("/user/queue/sync", "{\"since\":3,\"upTo\":3,\"missed\":[]}");
		Ticket a = client.receive("P-1");
		Ticket b = client.pass("P-1", null);
		Ticket c = client.receive("P-2");
		scheduler.runDue();
		assertThat(ids(server.current().commands())).containsExactly(a.commandId(), b.commandId(), c.commandId());

		server.current().answer(a.commandId(), 4);
		server.current().drop();
		scheduler.advance(Duration.ofSeconds(1));

		FakeLinks.FakeLink second = server.current();
		assertThat(server.links).hasSize(2);
		assertThat(ids(second.commands())).containsExactly(b.commandId(), c.commandId());
		assertThat(second.sent.get(second.sent.size() - 1)).startsWith("/app/sync ");
		second.answer(b.commandId(), 5);
		// The server had handled c before the link broke: it sends the original result, marked as a repeat.
		second.deliver("/user/queue/results", "{\"commandId\":\"" + c.commandId()
				+ "\",\"status\":\"ACCEPTED\",\"seq\":6,\"duplicate\":true}");
		scheduler.runDue();
		assertThat(c.result()).isCompletedWithValueMatching(CommandResult::duplicate);
		assertThat(heard).containsExactly("RESULT RECEIVE P-1 ACCEPTED", "RESULT PASS P-1 ACCEPTED",
				"RESULT RECEIVE P-2 ACCEPTED");
		assertThat(client.status().partsHeld()).containsExactly("P-2");
	}

	@Test
	void missedPushesArriveOnceAndInOrderAfterAReconnectAndTheLastSeenSeqIsKept() throws Exception {
		server.up = true;
		StationClient client = client();
		scheduler.runDue();
		server.current().deliver("/user/queue/station", snapshot(10, "RUNNING"));
		server.current().deliver("/user/queue/sync", "{\"upTo\":10,\"snapshot\":" + snapshot(10, "RUNNING") + "}");
		server.current().deliver("/user/queue/station", incoming(11, "P-7"));
		scheduler.runDue();
		assertThat(heard).containsExactly("INCOMING 11 P-7");

		server.current().drop();
		scheduler.advance(Duration.ofSeconds(1));
		FakeLinks.FakeLink second = server.current();
		assertThat(second.syncs()).singleElement().satisfies(s -> assertThat(s.get("since").asLong()).isEqualTo(11));
		// A live push arrives before the catch-up reply, which also carries it: each is heard once, in log order.
		second.deliver("/user/queue/station", snapshot(14, "HALTED"));
		second.deliver("/user/queue/station", halt(14));
		scheduler.runDue();
		assertThat(heard).as("held back until the catch-up is in").hasSize(1);
		second.deliver("/user/queue/sync", "{\"since\":11,\"upTo\":14,\"missed\":[" + incoming(12, "P-8") + ","
				+ customerStopped(13) + "," + halt(14) + "]}");
		scheduler.runDue();

		assertThat(heard).containsExactly("INCOMING 11 P-7", "INCOMING 12 P-8", "HALT 14 by PAINT");
		assertThat(client.status().state()).isEqualTo(StationState.HALTED);
		assertThat(client.status().partsIncoming()).containsExactly("P-7", "P-8");
		assertThat(client.status().customerStops()).as("not in the snapshot, so replayed").extracting(Stop::stoppedStation)
			.containsExactly("TEST");
		assertThat(client.status().defectCodes()).extracting(DefectCode::code).contains("SCRATCH");
		assertThat(java.nio.file.Files.readString(dir.resolve("last-seen-seq")).trim()).isEqualTo("14");
	}

	@Test
	void aNewStationCatchesUpFromTheSnapshotItGetsOnSubscribingSoNoPartNoticeFallsBetweenTwoSnapshots()
			throws Exception {
		server.up = true;
		StationClient client = client();
		scheduler.runDue();
		assertThat(server.current().syncs()).as("waits for the snapshot").isEmpty();
		server.current().deliver("/user/queue/station", incoming(21, "P-3"));
		server.current().deliver("/user/queue/station", snapshot(20, "RUNNING"));
		scheduler.runDue();
		assertThat(server.current().syncs()).singleElement()
			.satisfies(s -> assertThat(s.get("since").asLong()).isEqualTo(20));
		server.current().deliver("/user/queue/sync", "{\"since\":20,\"upTo\":21,\"missed\":[" + incoming(21, "P-3")
				+ "]}");
		scheduler.runDue();
		assertThat(heard).containsExactly("INCOMING 21 P-3");
		assertThat(client.status().lastSeenSeq()).isEqualTo(21);
	}

	@Test
	void aStationThatSignsInLateTakesItsPartsAndItsCustomersStopsFromTheSnapshot() throws Exception {
		server.up = true;
		StationClient client = client();
		scheduler.runDue();
		server.current().deliver("/user/queue/station", snapshot(10, "RUNNING"));
		server.current().deliver("/user/queue/sync", "{\"since\":10,\"upTo\":10,\"missed\":[]}");
		server.current().deliver("/user/queue/station", incoming(11, "P-7"));
		scheduler.runDue();
		assertThat(client.status().partsIncoming()).containsExactly("P-7");

		// Away for long: meanwhile P-7 was accepted and passed on by someone at the station's other terminal.
		server.current().drop();
		scheduler.advance(Duration.ofSeconds(1));
		FakeLinks.FakeLink back = server.current();
		back.deliver("/user/queue/station", snapshotWithParts(20));
		scheduler.runDue();
		StationStatus status = client.status();
		assertThat(status.partsHeld()).containsExactly("P-0", "P-2");
		assertThat(status.openDefects()).containsExactly(java.util.Map.entry("P-0", "SCRATCH, TORQUE-LOW"));
		assertThat(status.currentPart()).as("part at hand: the last one taken").isEqualTo("P-2");
		assertThat(status.partsIncoming()).containsExactly("P-1");
		assertThat(status.customerStops()).extracting(Stop::stopId, Stop::stoppedStation)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(15L, "TEST"));

		// The catch-up from 11: a notice older than the snapshot is already in it (P-9 has since moved on, the stop
		// at the customer ended), a newer one is added.
		assertThat(back.syncs()).singleElement().satisfies(s -> assertThat(s.get("since").asLong()).isEqualTo(11));
		back.deliver("/user/queue/sync", "{\"since\":11,\"upTo\":21,\"missed\":[" + incoming(12, "P-9") + ","
				+ customerStopped(13) + "," + incoming(21, "P-3") + "]}");
		scheduler.runDue();
		assertThat(client.status().partsIncoming()).containsExactly("P-1", "P-3");
		assertThat(client.status().customerStops()).extracting(Stop::stopId).containsExactly(15L);

		// A later snapshot replaces what the client kept: P-1 was accepted, P-0 reworked and passed on elsewhere.
		back.deliver("/user/queue/sync", "{\"upTo\":30,\"snapshot\":" + snapshot(30, "RUNNING")
			.replace("\"customers\":", "\"incoming\":[],\"atStation\":[{\"partSerial\":\"P-1\",\"since\":"
					+ "\"2026-03-02T06:10:00Z\",\"openDefects\":[]}],\"customerStops\":[],\"customers\":") + "}");
		scheduler.runDue();
		assertThat(client.status().partsHeld()).containsExactly("P-1");
		assertThat(client.status().openDefects()).isEmpty();
		assertThat(client.status().partsIncoming()).isEmpty();
		assertThat(client.status().customerStops()).isEmpty();
	}

	@Test
	void onAServerWhoseLogIsStillEmptyTheStationCatchesUpFromZeroSoNoPartNoticeIsSwallowedByASnapshot()
			throws Exception {
		server.up = true;
		client();
		scheduler.runDue();
		server.current().deliver("/user/queue/station", snapshot(0, "RUNNING"));
		scheduler.runDue();
		server.current().deliver("/user/queue/sync", "{\"since\":0,\"upTo\":0,\"missed\":[]}");
		scheduler.advance(Duration.ofSeconds(21));

		// The idle probe asks from 0, not for a snapshot: a snapshot read after the supplier's PASS was committed
		// would move the station past the PART_INCOMING push still on its way, and the notice would be dropped.
		assertThat(server.current().syncs()).hasSize(2)
			.allSatisfy(s -> assertThat(s.path("since").isNumber()).as(s.toString()).isTrue());
		server.current().deliver("/user/queue/sync", "{\"since\":0,\"upTo\":2,\"missed\":[" + incoming(2, "P-1")
				+ "]}");
		server.current().deliver("/user/queue/station", incoming(2, "P-1"));
		scheduler.runDue();
		assertThat(heard).containsExactly("INCOMING 2 P-1");
	}

	@Test
	void aPositionAtZeroIsKeptAcrossARestartOfTheClient() throws Exception {
		server.up = true;
		StationClient first = client();
		scheduler.runDue();
		server.current().deliver("/user/queue/station", snapshot(0, "RUNNING"));
		server.current().deliver("/user/queue/sync", "{\"since\":0,\"upTo\":0,\"missed\":[]}");
		scheduler.runDue();
		assertThat(java.nio.file.Files.readString(dir.resolve("last-seen-seq")).trim()).isEqualTo("0");
		first.close();
		clients.remove(first);

		client();
		scheduler.runDue();
		assertThat(server.current().syncs()).as("no need to wait for a snapshot").singleElement()
			.satisfies(s -> assertThat(s.path("since").asLong(-1)).isZero());
	}

	@Test
	void aSnapshotThatOvertakesTheLinkIsNotLostAndALateOlderOneCannotRollTheStateBack() throws Exception {
		server.up = true;
		server.early.add(new String[] { "/user/queue/station", snapshot(0, "RUNNING") });
		StationClient client = client();
		scheduler.runDue();
		assertThat(server.current().syncs()).as("the early snapshot was taken").hasSize(1);
		server.current().deliver("/user/queue/sync", "{\"upTo\":0,\"missed\":[]}");
		server.current().deliver("/user/queue/station", halt(1));
		server.current().deliver("/user/queue/station", stateChange(3, "RUNNING", "HALTED"));
		scheduler.runDue();
		assertThat(client.status().state()).isEqualTo(StationState.HALTED);

		// A snapshot read before the stop was committed, delivered after its pushes.
		server.current().deliver("/user/queue/station", snapshot(0, "RUNNING"));
		scheduler.runDue();
		assertThat(client.status().state()).isEqualTo(StationState.HALTED);
		assertThat(client.status().lastSeenSeq()).isEqualTo(3);
	}

	@Test
	void aServerWhoseLogWasReplacedIsFollowedFromItsSnapshot() throws Exception {
		server.up = true;
		StationClient client = client();
		scheduler.runDue();
		server.current().deliver("/user/queue/station", snapshot(50, "RUNNING"));
		server.current().deliver("/user/queue/sync", "{\"since\":50,\"upTo\":50,\"missed\":[]}");
		server.current().drop();
		scheduler.advance(Duration.ofSeconds(1));

		// The server came back on a new, empty database.
		server.current().deliver("/user/queue/station", snapshot(2, "RUNNING"));
		server.current().deliver("/user/queue/sync", "{\"since\":50,\"upTo\":50,\"missed\":[]}");
		server.current().deliver("/user/queue/station", halt(4));
		scheduler.runDue();
		assertThat(client.status().lastSeenSeq()).isEqualTo(4);
		assertThat(heard).containsExactly("HALT 4 by PAINT");
	}

	@Test
	void aCallIsShownUntilTheStationRunsAgainEvenWhenItsStopIsResumedWithoutNamingIt() throws Exception {
		server.up = true;
		StationClient client = client();
		scheduler.runDue();
		server.current().deliver("/user/queue/station", snapshot(0, "RUNNING"));
		server.current().deliver("/user/queue/sync", "{\"since\":0,\"upTo\":0,\"missed\":[]}");
		server.current().deliver("/user/queue/station", "{\"type\":\"STATE\",\"seq\":3,\"at\":\"2026-03-02T06:00:00Z\","
				+ "\"stationId\":\"ASSY\",\"data\":{\"from\":\"RUNNING\",\"to\":\"CALLING\",\"callId\":1,"
				+ "\"callType\":\"MAINTENANCE\",\"autoStopAt\":\"2026-03-02T06:01:15Z\"}}");
		server.current().deliver("/user/queue/station", stateChange(5, "CALLING", "STOPPED"));
		scheduler.runDue();
		assertThat(client.status().state()).isEqualTo(StationState.STOPPED);
		assertThat(client.status().calls()).extracting(Call::callId).containsExactly(1L);
		assertThat(client.status().stops()).singleElement()
			.satisfies(s -> assertThat(s.note()).isEqualTo("call 1 was not contained in time"));

		server.current().deliver("/user/queue/station", stateChange(12, "STOPPED", "RUNNING"));
		scheduler.runDue();
		assertThat(client.status().calls()).isEmpty();
	}

		@Test
	void aCommandLeftUnansweredCountsTheLinkAsDeadAndGoesAgainOnTheNextOne() throws Exception {
		server.up = true;
		StationClient client = client();
		scheduler.runDue();
		server.current().deliver("/user/queue/sync", "{\"upTo\":1,\"missed\":[]}");
		Ticket t = client.accept("P-1");
		scheduler.runDue();
		FakeLinks.FakeLink first = server.current();

		scheduler.advance(Duration.ofSeconds(16));
		assertThat(first.closed).isTrue();
		assertThat(server.links).hasSize(2);
		assertThat(ids(server.current().commands())).containsExactly(t.commandId());
		assertThat(client.queued()).singleElement().satisfies(q -> assertThat(q.sends()).isEqualTo(2));
	}

	@Test
	void anIdleLinkIsProbedWithASyncAndDroppedWhenTheProbeGoesUnanswered() throws Exception {
		server.up = true;
		client();
		scheduler.runDue();
		server.current().deliver("/user/queue/station", snapshot(1, "RUNNING"));
		server.current().deliver("/user/queue/sync", "{\"since\":1,\"upTo\":1,\"missed\":[]}");
		scheduler.runDue();
		FakeLinks.FakeLink first = server.current();
		scheduler.advance(Duration.ofSeconds(21));
		assertThat(first.syncs()).hasSize(2);
		scheduler.advance(Duration.ofSeconds(15));
		assertThat(first.closed).isTrue();
	}

	@Test
	void aServerThatCouldNotStoreACommandGetsItAgain() throws Exception {
		server.up = true;
		StationClient client = client();
		scheduler.runDue();
		server.current().deliver("/user/queue/sync", "{\"upTo\":1,\"missed\":[]}");
		Ticket t = client.receive("P-9");
		scheduler.runDue();
		server.current().deliver("/user/queue/results", "{\"commandId\":\"" + t.commandId()
				+ "\",\"status\":\"REJECTED\",\"code\":\"INTERNAL_ERROR\",\"message\":\"send it again\"}");
		scheduler.advance(Duration.ofSeconds(1));
		assertThat(ids(server.current().commands())).containsExactly(t.commandId(), t.commandId());
		assertThat(t.result()).isNotDone();
	}

	@Test
	void aLongOutboxGoesOutAtMostSixtyFourAtATimeInOrderEachResultMakingRoomForTheNext() throws Exception {
		StationClient client = client();
		List<Ticket> tickets = new ArrayList<>();
		for (int i = 0; i < 150; i++) {
			tickets.add(client.receive("LONG-" + i)); // offline: all of them wait in the outbox
		}
		server.up = true;
		scheduler.advance(Duration.ofSeconds(1));
		server.current().deliver("/user/queue/sync", "{\"upTo\":1,\"missed\":[]}");
		scheduler.runDue();
		List<String> sent = ids(server.current().commands());
		assertThat(sent).as("the first window").hasSize(64)
			.containsExactlyElementsOf(tickets.subList(0, 64).stream().map(Ticket::commandId).toList());

		server.current().answer(tickets.get(0).commandId(), 2);
		server.current().answer(tickets.get(1).commandId(), 3);
		scheduler.runDue();
		assertThat(ids(server.current().commands())).as("two answered, two more sent").hasSize(66)
			.endsWith(tickets.get(64).commandId(), tickets.get(65).commandId());

		for (int i = 2; i < 150; i++) {
			server.current().answer(tickets.get(i).commandId(), i + 2);
			scheduler.runDue();
		}
		assertThat(ids(server.current().commands())).as("each sent once, in order")
			.containsExactlyElementsOf(tickets.stream().map(Ticket::commandId).toList());
		assertThat(tickets).allSatisfy(t -> assertThat(t.result()).isCompleted());
	}

	@Test
	void afterARefusalForTheShareNothingIsSentUntilEveryAnswerInFlightIsBackThenTheOutboxGoesAgainInOrder()
			throws Exception {
		StationClient client = client();
		List<Ticket> tickets = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			tickets.add(client.receive("SHARE-" + i));
		}
		server.up = true;
		scheduler.advance(Duration.ofSeconds(1));
		server.current().deliver("/user/queue/sync", "{\"upTo\":1,\"missed\":[]}");
		scheduler.runDue();
		FakeLinks.FakeLink link = server.current();
		assertThat(ids(link.commands())).hasSize(4);

		link.deliver("/user/queue/results", limited(tickets.get(1)));
		link.answer(tickets.get(0).commandId(), 2);
		Ticket later = client.receive("SHARE-4"); // given meanwhile
		scheduler.advance(Duration.ofSeconds(5));
		assertThat(ids(link.commands())).as("two answers are still in flight: nothing goes, not even the new one")
			.hasSize(4);

		link.deliver("/user/queue/results", limited(tickets.get(2)));
		link.deliver("/user/queue/results", limited(tickets.get(3)));
		scheduler.advance(Duration.ofSeconds(5));
		assertThat(ids(link.commands()).subList(4, ids(link.commands()).size())).as("oldest first, once each")
			.containsExactly(tickets.get(1).commandId(), tickets.get(2).commandId(), tickets.get(3).commandId(),
					later.commandId());
	}

	private static String limited(Ticket t) {
		return "{\"commandId\":\"" + t.commandId() + "\",\"status\":\"REJECTED\",\"code\":\"RATE_LIMITED\","
				+ "\"message\":\"send it again\"}";
	}

	@Test
	void commandsLeftInTheOutboxAreSentByTheNextClientOnTheSameFolder() throws Exception {
		StationClient first = client();
		scheduler.runDue();
		Ticket a = first.receive("P-1");
		Ticket b = first.stop(StopReason.MATERIAL, null, null);
		scheduler.runDue();
		first.close();
		clients.remove(first);

		server.up = true;
		StationClient second = client();
		scheduler.runDue();
		assertThat(second.status().stopWaiting()).isTrue();
		assertThat(ids(server.current().commands())).containsExactly(a.commandId(), b.commandId());
		server.current().answer(a.commandId(), 1);
		scheduler.runDue();
		assertThat(heard).containsExactly("RESULT RECEIVE P-1 ACCEPTED");
	}

	@Test
	void aRefusedTokenIsShownAsSuchAndTriedAgainLater() throws Exception {
		server.refuse = "UNAUTHENTICATED: login or passcode is wrong for 'FRAME'";
		StationClient client = client();
		scheduler.runDue();
		assertThat(client.status().connection().state()).isEqualTo(Connection.State.REFUSED);
		assertThat(client.status().connection().detail()).contains("login or passcode is wrong");
		assertThat(client.status().connection().nextAttempt()).isAfter(scheduler.instant());
	}

	static List<String> ids(List<JsonNode> commands) {
		return commands.stream().map(c -> c.get("commandId").asString()).toList();
	}

	static String snapshot(long seq, String state) {
		return "{\"type\":\"STATE\",\"seq\":" + seq + ",\"stationId\":\"ASSY\",\"data\":{\"stationId\":\"ASSY\","
				+ "\"name\":\"Final assembly\",\"lineId\":\"FA1\",\"state\":\"" + state + "\",\"stops\":[],\"seq\":"
				+ seq + ",\"defectCodes\":[{\"code\":\"SCRATCH\",\"description\":\"Scratch\"}],\"customers\":[\"TEST\"]}}";
	}

	/** A snapshot as a server that lists parts sends it: two parts here (one with two open defects), one coming. */
	static String snapshotWithParts(long seq) {
		return snapshot(seq, "RUNNING").replace("\"customers\":", "\"incoming\":[{\"partSerial\":\"P-1\","
				+ "\"from\":\"PAINT\",\"passedAt\":\"2026-03-02T06:05:00Z\",\"handOffId\":17}],\"atStation\":["
				+ "{\"partSerial\":\"P-0\",\"since\":\"2026-03-02T05:50:00Z\",\"openDefects\":[{\"id\":12,"
				+ "\"code\":\"SCRATCH\",\"foundAt\":\"ASSY\",\"originStationId\":null,\"note\":null,"
				+ "\"openedAt\":\"2026-03-02T05:55:00Z\"},{\"id\":13,\"code\":\"TORQUE-LOW\",\"foundAt\":\"ASSY\","
				+ "\"originStationId\":\"ASSY\",\"note\":\"18 Nm\",\"openedAt\":\"2026-03-02T05:56:00Z\"}]},"
				+ "{\"partSerial\":\"P-2\",\"since\":\"2026-03-02T06:00:00Z\",\"openDefects\":[]}],"
				+ "\"customerStops\":[{\"id\":15,\"lineId\":\"FA1\",\"stationId\":\"TEST\",\"reason\":\"QUALITY\","
				+ "\"defectCode\":null,\"note\":null,\"startedAt\":\"2026-03-02T06:01:00Z\",\"startedBy\":\"TEST\","
				+ "\"endedAt\":null,\"endedBy\":null,\"seconds\":60}],\"customers\":");
	}

	static String incoming(long seq, String serial) {
		return "{\"type\":\"PART_INCOMING\",\"seq\":" + seq + ",\"at\":\"2026-03-02T06:00:00Z\",\"stationId\":\"ASSY\","
				+ "\"partSerial\":\"" + serial + "\",\"data\":{\"from\":\"PAINT\"}}";
	}

	private static String stateChange(long seq, String from, String to) {
		return "{\"type\":\"STATE\",\"seq\":" + seq + ",\"at\":\"2026-03-02T06:00:00Z\",\"stationId\":\"ASSY\","
				+ "\"data\":{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"stopId\":1}}";
	}

	private static String customerStopped(long seq) {
		return "{\"type\":\"CUSTOMER_STOPPED\",\"seq\":" + seq + ",\"at\":\"2026-03-02T06:00:00Z\",\"stationId\":\"ASSY\","
				+ "\"data\":{\"stopId\":" + seq + ",\"stoppedStation\":\"TEST\",\"reason\":\"QUALITY\"}}";
	}

	private static String halt(long seq) {
		return "{\"type\":\"HALT\",\"seq\":" + seq + ",\"at\":\"2026-03-02T06:00:00Z\",\"stationId\":\"ASSY\","
				+ "\"data\":{\"stopId\":" + seq + ",\"stoppedStation\":\"PAINT\",\"reason\":\"QUALITY\","
				+ "\"startedAt\":\"2026-03-02T06:00:00Z\",\"startedBy\":\"PAINT\"}}";
	}
}
