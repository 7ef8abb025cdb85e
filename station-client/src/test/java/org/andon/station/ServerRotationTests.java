package org.andon.station;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.andon.station.link.Backoff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.andon.station.StationClientTests.ids;
import static org.andon.station.StationClientTests.incoming;
import static org.andon.station.StationClientTests.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A client given several nodes of one line server: which one it tries when, on a fake clock and without sockets. */
class ServerRotationTests {

	static final URI A = URI.create("ws://node-a:8080/ws");
	static final URI B = URI.create("ws://node-b:8080/ws");
	static final URI C = URI.create("ws://node-c:8080/ws");
	static final String STATION = "/user/queue/station";
	static final String SYNC = "/user/queue/sync";

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

	StationClient client(URI... servers) throws IOException {
		StationClient c = StationClient.builder().servers(List.of(servers)).station("FRAME", "demo-frame")
			.stateDir(dir).clock(scheduler).scheduler(scheduler).random(new Random(7)).links(server)
			.backoff(new Backoff(Duration.ofMillis(500), Duration.ofSeconds(8)))
			.probe(Duration.ofSeconds(20), Duration.ofSeconds(15)).build();
		c.addListener(new StationListener() {
			@Override
			public void onPartIncoming(String partSerial, String from, StationPush push) {
				heard.add("INCOMING " + push.seq() + " " + partSerial);
			}

			@Override
			public void onResult(Command command, CommandResult result) {
				heard.add("RESULT " + command.summary() + (result.duplicate() ? " (repeat)" : ""));
			}
		});
		clients.add(c);
		return c.start();
	}

	@Test
	void aLostNodeIsLeftForTheNextAtOnceWhichGetsTheUnansweredCommandsWithTheSameIdsAndTheCatchUp()
			throws Exception {
		server.up = true;
		StationClient client = client(A, B);
		scheduler.runDue();
		FakeLinks.FakeLink onA = server.current();
		assertThat(onA.server).isEqualTo(A);
		assertThat(client.status().connection().server()).isEqualTo(A);
		onA.deliver(STATION, snapshot(3, "RUNNING"));
		onA.deliver(SYNC, "{\"since\":3,\"upTo\":3,\"missed\":[]}");
		Ticket first = client.receive("P-1");
		Ticket second = client.pass("P-1", null);
		Ticket third = client.receive("P-2");
		scheduler.runDue();
		onA.answer(first.commandId(), 4);
		onA.deliver(STATION, incoming(5, "P-0"));
		scheduler.runDue();

		// Node A is killed: its socket closes, and it takes no new connections.
		server.down.add(A);
		onA.drop();
		Instant lost = scheduler.instant();
		scheduler.runDue();
		assertThat(client.status().connection().state()).isEqualTo(Connection.State.OFFLINE);
		assertThat(client.status().connection().server()).as("the server that was lost").isEqualTo(A);
		assertThat(Duration.between(lost, client.status().connection().nextAttempt())).as("no backoff before B")
			.isLessThanOrEqualTo(Duration.ofMillis(500));

		scheduler.advance(Duration.ofMillis(500));
		assertThat(server.tried).containsExactly(A, B);
		FakeLinks.FakeLink onB = server.current();
		assertThat(onB.server).isEqualTo(B);
		assertThat(client.status().connection().online()).isTrue();
		assertThat(client.status().connection().server()).isEqualTo(B);
		assertThat(client.status().connection().detail()).contains(B.toString());
		assertThat(ids(onB.commands())).containsExactly(second.commandId(), third.commandId());
		assertThat(onB.syncs()).singleElement().satisfies(s -> assertThat(s.get("since").asLong()).isEqualTo(5));

		// A had stored the PASS before it died: B answers it with the original result; the RECEIVE is new to both.
		onB.deliver("/user/queue/results", "{\"commandId\":\"" + second.commandId()
				+ "\",\"status\":\"ACCEPTED\",\"seq\":6,\"duplicate\":true}");
		onB.answer(third.commandId(), 8);
		onB.deliver(SYNC, "{\"since\":5,\"upTo\":7,\"missed\":[" + incoming(7, "P-9") + "]}");
		scheduler.runDue();
		assertThat(heard).containsExactly("RESULT RECEIVE P-1", "INCOMING 5 P-0", "RESULT PASS P-1 (repeat)",
				"RESULT RECEIVE P-2", "INCOMING 7 P-9");
		assertThat(client.queued()).isEmpty();
		assertThat(client.status().connection().caughtUp()).isTrue();
		assertThat(client.status().lastSeenSeq()).isEqualTo(7);
	}

	@Test
	void everyServerIsTriedInTurnAndTheBackoffGrowsOnlyAfterAWholeRoundFailed() throws Exception {
		client(A, B);
		scheduler.runDue();
		List<Long> waits = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			Instant now = scheduler.instant();
			waits.add(Duration.between(now, scheduler.nextDue()).toMillis());
			scheduler.advance(Duration.between(now, scheduler.nextDue()));
		}
		assertThat(server.tried).containsExactly(A, B, A, B, A, B, A, B, A);
		// to B at once; back to A after the first round's backoff (250-500 ms); to B at once; A after 500-1000 ...
		long[][] ranges = { { 0, 500 }, { 250, 500 }, { 0, 500 }, { 500, 1000 }, { 0, 500 }, { 1000, 2000 },
				{ 0, 500 }, { 2000, 4000 } };
		for (int i = 0; i < ranges.length; i++) {
			assertThat(waits.get(i)).as("wait %d of %s", i, waits).isBetween(ranges[i][0], ranges[i][1]);
		}

		server.up = true;
		scheduler.advance(Duration.ofSeconds(8));
		assertThat(server.current().server).as("the next in turn").isEqualTo(B);
		assertThat(server.tried).hasSize(10);
	}

	@Test
	void aNodeThatDoesNotAnswerAtAllIsGivenUpAfterTheConnectTimeoutAndTheNextOneTried() throws Exception {
		server.up = true;
		server.silent.add(A);
		StationClient client = client(A, B, C);
		scheduler.runDue();
		assertThat(client.status().connection().state()).isEqualTo(Connection.State.CONNECTING);
		assertThat(client.status().connection().server()).isEqualTo(A);
		assertThat(client.status().connection().detail()).isEqualTo("connecting to " + A);

		scheduler.advance(Duration.ofSeconds(10));
		assertThat(client.status().connection().state()).isEqualTo(Connection.State.OFFLINE);
		assertThat(client.status().connection().detail()).startsWith("cannot reach " + A + ": no answer within 10 s");
		scheduler.advance(Duration.ofMillis(500));
		assertThat(server.tried).containsExactly(A, B);
		assertThat(client.status().connection().online()).isTrue();
		assertThat(client.status().connection().server()).isEqualTo(B);
	}

	@Test
	void aClientWithOneServerStaysOnItAndAnEmptyListIsRefused() throws Exception {
		server.up = true;
		StationClient client = client(A);
		scheduler.runDue();
		server.current().drop();
		scheduler.advance(Duration.ofSeconds(1));
		assertThat(server.tried).containsExactly(A, A);
		assertThat(client.servers()).containsExactly(A);
		assertThatThrownBy(() -> StationClient.builder().servers(List.of()))
			.isInstanceOf(IllegalArgumentException.class);
	}
}
