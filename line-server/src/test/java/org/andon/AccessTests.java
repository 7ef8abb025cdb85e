package org.andon;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No one acts for another station, sees another's queue, or drowns the others out: the origin allow-list as a plant
 * configures it, sign-in refused without or with wrong credentials and throttled after repeated failures (STOMP and
 * REST), SENDs to broker destinations and SUBSCRIBEs to other stations' queues and other lines' topics refused, and
 * a flooding session limited while another station keeps working. Every frame is written by hand ({@link RawStomp}).
 */
@ExtendWith(OutputCaptureExtension.class)
@Import(AccessTests.TestClock.class)
@TestPropertySource(properties = { "andon.protocol.allowed-origins=https://tablets.plant.example",
		"andon.protocol.sender-commands-per-second=20", "andon.sign-in.max-failures=5", "andon.sign-in.lockout=1m" })
class AccessTests extends LineServerTestSupport {

	@TestConfiguration
	static class TestClock {

		@Bean
		@Primary
		MutableClock testClock() {
			return new MutableClock(Instant.parse("2026-12-03T08:00:00Z"));
		}
	}

	@Autowired
	MutableClock clock;

	@Autowired
	MeterRegistry meters;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void onlyTheConfiguredOriginsMayOpenTheSocketFromABrowser() throws Exception {
		assertThat(upgrade("https://tablets.plant.example")).isEqualTo(101);
		assertThat(upgrade("http://localhost:8080")).as("the shipped default no longer applies").isEqualTo(403);
		assertThat(upgrade("https://tablets.plant.example.evil.example")).isEqualTo(403);
		assertThat(upgrade(null)).as("a PLC gateway sends no Origin").isEqualTo(101);
	}

	@Test
	void connectWithoutOrWithWrongCredentialsIsRefusedAndTheSocketClosed() throws Exception {
		for (String[] attempt : new String[][] { { null, null }, { "PAINT", null }, { "PAINT", "demo-weld" },
				{ "nobody", "demo" }, { "lead", "guess" } }) {
			try (RawStomp s = RawStomp.connect(port, attempt[0], attempt[1])) {
				String reply = s.next();
				assertThat(reply).as("%s/%s", attempt[0], attempt[1]).startsWith("ERROR")
					.contains("message:UNAUTHENTICATED");
				assertThat(s.closedByServer()).isTrue();
			}
		}
		try (RawStomp s = RawStomp.open(port, null)) {
			s.command(command("RECEIVE", "FRAME", "NO-SIGN-IN-1"));
			assertThat(s.next()).as("Spring's STOMP handler refuses a frame before CONNECT").startsWith("ERROR");
		}
		assertThat(jdbc.queryForObject("select count(*) from event_log where part_serial = 'NO-SIGN-IN-1'",
				Long.class)).isZero();
	}

	@Test
	void aStationCannotSendToTheBrokerOrAnyDestinationButItsCommands() throws Exception {
		long before = logSize();
		for (String destination : List.of("/user/WELD/queue/station", "/topic/line.FA1", "/topic/andon.unresolved-user", "/queue/results",
				 "/user/queue/station", "/app/nothing", "/app/commands/../sync", "")) {
			try (RawStomp frame = signedIn("FRAME", "demo-frame")) {
				frame.send(RawStomp.frame("SEND", "{\"type\":\"HALT\",\"stationId\":\"WELD\"}",
						"destination:" + destination, "content-type:application/json"));
				refusedAndClosed(frame, destination);
			}
		}
		assertThat(logSize()).isEqualTo(before);
	}

	@Test
	void aStationCannotSubscribeToAnotherStationsQueueOrAnotherLinesTopic() throws Exception {
		try (RawStomp weld = signedIn("WELD", "demo-weld")) {
			weld.send(RawStomp.frame("SUBSCRIBE", "", "id:mine", "destination:/topic/line.FA1"));
			weld.send(RawStomp.frame("SUBSCRIBE", "", "id:own", "destination:/user/queue/station"));
			assertThat(weld.next("MESSAGE")).as("its own queue and line work").contains("\"STATE\"");
			for (String destination : List.of("/topic/line.FA2", "/user/FRAME/queue/station",
					"/user/lead/queue/pages", "/queue/station-user" + UUID.randomUUID(), "/topic/andon.unresolved-user",
					"/topic/line.*", "/topic/**")) {
				try (RawStomp frame = signedIn("FRAME", "demo-frame")) {
					frame.send(RawStomp.frame("SUBSCRIBE", "", "id:theirs", "destination:" + destination));
					refusedAndClosed(frame, destination);
				}
			}
		}
	}

	@Test
	void aRefusalRightAfterTheStationsSnapshotStillReachesTheStation() throws Exception {
		// the STATE snapshot and a sync reply are being written when the refused frame's ERROR follows them
		for (int i = 0; i < 40; i++) {
			try (RawStomp weld = signedIn("WELD", "demo-weld")) {
				weld.send(RawStomp.frame("SUBSCRIBE", "", "id:own", "destination:/user/queue/station"));
				weld.send(RawStomp.frame("SUBSCRIBE", "", "id:sync", "destination:/user/queue/sync"));
				weld.send(RawStomp.frame("SEND", "{}", "destination:/app/sync", "content-type:application/json"));
				weld.send(RawStomp.frame("SUBSCRIBE", "", "id:theirs", "destination:/topic/line.FA2"));
				String error = weld.next("ERROR");
				assertThat(error).as("round %d", i).isNotNull().contains("message:FORBIDDEN");
				assertThat(weld.closedByServer()).isTrue();
			}
		}
	}

	@Test
	void aFloodingSessionIsLimitedCountedAndLoggedWhileAnotherStationKeepsWorking(CapturedOutput output)
			throws Exception {
		double limitedBefore = refused("RATE_LIMITED");
		try (RawStomp flood = signedIn("FRAME", "demo-frame");
				StationSession seat = station("SEAT-CUT")) {
			flood.subscribeResults();
			seat.command("type", "RECEIVE", "stationId", "SEAT-CUT", "partSerial", "WARM-1");
			int sent = 400;
			long started = System.nanoTime();
			for (int i = 0; i < sent; i++) {
				flood.command(command("RECEIVE", "FRAME", "FLOOD-" + i));
			}
			List<Duration> seatTimes = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				long t = System.nanoTime();
				assertAccepted(seat.command("type", "RECEIVE", "stationId", "SEAT-CUT", "partSerial", "CALM-" + i));
				seatTimes.add(Duration.ofNanos(System.nanoTime() - t));
			}
			int accepted = 0;
			int limited = 0;
			Set<String> answered = new HashSet<>();
			while (answered.size() < sent) {
				String f = flood.next("MESSAGE");
				assertThat(f).as("every flooded command is answered (%d so far)", answered.size()).isNotNull();
				JsonNode r = StationSession.JSON.readTree(RawStomp.body(f));
				answered.add(r.path("commandId").asString());
				if (r.path("status").asString().equals("ACCEPTED")) {
					accepted++;
				}
				else {
					assertRejected(r, "RATE_LIMITED");
					limited++;
				}
			}
			double seconds = (System.nanoTime() - started) / 1e9;
			assertThat(accepted).as("at most 20 a second were let through in %.1f s", seconds)
				.isLessThanOrEqualTo((int) (20 * (Math.ceil(seconds) + 1)));
			assertThat(limited).isGreaterThan(0);
			assertThat(jdbc.queryForObject("select count(*) from event_log where part_serial like 'FLOOD-%'",
					Long.class)).as("only the commands let through were written").isEqualTo(accepted);
			assertThat(refused("RATE_LIMITED") - limitedBefore).isEqualTo(limited);
			double overShare = meters.find("andon.sessions.rate.limited").tag("sender", "FRAME").counter().count();
			double heldBack = meters.find("andon.sessions.held.back").tag("sender", "FRAME").counter().count();
			assertThat(overShare).as("refused over the share").isPositive();
			assertThat(overShare + heldBack).as("and those held back behind them").isGreaterThanOrEqualTo(limited);
			assertThat(output.getOut()).contains("FRAME sends more than 20 commands a second");
			assertThat(seatTimes).as("the other station was never limited and kept answering")
				.allSatisfy(t -> assertThat(t).isLessThan(Duration.ofSeconds(5)));
		}
	}

	@Test
	void afterACommandRefusedForTheShareTheSessionsLaterOnesWaitForItsResendSoTheyStayInOrder() throws Exception {
		try (RawStomp frame = signedIn("FRAME", "demo-frame")) {
			frame.subscribeResults();
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				String id = UUID.randomUUID().toString();
				ids.add(id);
				frame.command(withId(id, command("RECEIVE", "FRAME", "ORDER-" + i)));
			}
			Map<String, JsonNode> results = new java.util.HashMap<>();
			while (results.size() < ids.size()) {
				String f = frame.next("MESSAGE");
				assertThat(f).as("every command is answered (%d so far)", results.size()).isNotNull();
				JsonNode r = StationSession.JSON.readTree(RawStomp.body(f));
				results.put(r.path("commandId").asString(), r);
			}
			int first = 0;
			while (results.get(ids.get(first)).path("status").asString().equals("ACCEPTED")) {
				first++;
			}
			assertThat(first).as("40 at once are over a share of 20").isLessThan(40);
			String refused = ids.get(first);
			assertThat(ids.subList(first, ids.size())).as("nothing after the first refused one was taken")
				.allSatisfy(id -> assertRejected(results.get(id), "RATE_LIMITED"));

			// the share comes back within a second, but not for commands that would overtake the refused one
			await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(300))
				.until(() -> {
					frame.command(command("RECEIVE", "FRAME", "OVERTAKE-" + UUID.randomUUID()));
					JsonNode r = StationSession.JSON.readTree(RawStomp.body(frame.next("MESSAGE")));
					return r.path("code").asString().equals("RATE_LIMITED")
							&& r.path("message").asString().contains(refused);
				});
			assertThat(meters.find("andon.sessions.held.back").tag("sender", "FRAME").counter().count())
				.as("counted apart from the refusals over the share").isPositive();

			// a STOP is never held back behind hand-offs
			frame.command("{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"STOP\",\"stationId\":\"FRAME\","
					+ "\"reason\":\"OTHER\"}");
			JsonNode stop = StationSession.JSON.readTree(RawStomp.body(frame.next("MESSAGE")));
			assertAccepted(stop);
			try (StationSession lead = StationSession.person(port, "lead", "FA1")) {
				assertAccepted(lead.command("type", "RESUME", "stopId", stop.path("seq").asLong()));
			}

			frame.command(withId(refused, command("RECEIVE", "FRAME", "ORDER-" + first)));
			JsonNode again = StationSession.JSON.readTree(RawStomp.body(frame.next("MESSAGE")));
			assertThat(again.path("commandId").asString()).isEqualTo(refused);
			assertAccepted(again);
			frame.command(withId(ids.get(first + 1), command("RECEIVE", "FRAME", "ORDER-" + (first + 1))));
			assertAccepted(StationSession.JSON.readTree(RawStomp.body(frame.next("MESSAGE"))));
		}
		assertThat(jdbc.queryForObject("select count(*) from event_log where part_serial like 'OVERTAKE-%'",
				Long.class)).isZero();
	}

	private static String withId(String id, String command) {
		return command.replaceFirst("\"commandId\":\"[^\"]+\"", "\"commandId\":\"" + id + "\"");
	}

	@Test
	void moreSessionsWithTheSameCredentialsShareOneStationsShare() throws Exception {
		try (RawStomp first = signedIn("TEST", "demo-test"); RawStomp second = signedIn("TEST", "demo-test")) {
			first.subscribeResults();
			second.subscribeResults();
			// the first session uses up the station's share; the second, sending far less than a share of its own,
			// is limited too (tried again while the two fell into different seconds of the limiter)
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				for (int i = 0; i < 40; i++) {
					first.command(command("RECEIVE", "TEST", "TWIN-A-" + i));
				}
				for (int i = 0; i < 5; i++) {
					second.command(command("RECEIVE", "TEST", "TWIN-B-" + i));
				}
				for (int i = 0; i < 40; i++) {
					assertThat(first.next("MESSAGE")).as("every command is answered on its own session").isNotNull();
				}
				boolean limited = false;
				for (int i = 0; i < 5; i++) {
					String f = second.next("MESSAGE");
					assertThat(f).as("every command is answered on its own session").isNotNull();
					// TEST is no entry station: what passes the share is refused by the line's rules instead
					assertThat(RawStomp.body(f)).containsAnyOf("RATE_LIMITED", "NOT_AN_ENTRY_STATION");
					limited |= RawStomp.body(f).contains("\"code\":\"RATE_LIMITED\"");
				}
				return limited;
			});
		}
	}

	@Test
	void aSessionFloodingCatchUpRequestsIsLimitedToo() throws Exception {
		try (RawStomp flood = signedIn("PAINT", "demo-paint")) {
			flood.send(RawStomp.frame("SUBSCRIBE", "", "id:sync", "destination:/user/queue/sync"));
			for (int i = 0; i < 200; i++) {
				flood.send(RawStomp.frame("SEND", "{\"since\":0}", "destination:/app/sync"));
			}
			int limited = 0;
			for (int i = 0; i < 200; i++) {
				String reply = flood.next("MESSAGE");
				assertThat(reply).as("every catch-up request is answered (%d so far)", i).isNotNull();
				if (RawStomp.body(reply).contains("\"code\":\"RATE_LIMITED\"")) {
					limited++;
				}
			}
			assertThat(limited).as("most of 200 requests sent at once are over a share of 20 a second")
				.isGreaterThan(100);
		}
	}

	@Test
	void repeatedFailedSignInsAreThrottledOverStompForThatLoginOnly() throws Exception {
		for (int i = 0; i < 5; i++) {
			try (RawStomp s = RawStomp.connect(port, "PACK", "guess-" + i)) {
				assertThat(s.next()).contains("message:UNAUTHENTICATED");
			}
		}
		try (RawStomp s = RawStomp.connect(port, "PACK", "demo-pack")) {
			assertThat(s.next()).as("even the right token is refused for a while").startsWith("ERROR")
				.contains("message:TOO_MANY_SIGN_INS");
		}
		try (RawStomp other = signedIn("TEST", "demo-test")) {
			assertThat(other).as("other logins are not affected").isNotNull();
		}
		clock.advance(Duration.ofMinutes(1));
		try (RawStomp s = signedIn("PACK", "demo-pack")) {
			assertThat(s).isNotNull();
		}
	}

	@Test
	void repeatedFailedSignInsAreThrottledOnTheRestApi() throws Exception {
		for (int i = 0; i < 5; i++) {
			assertThat(status("supervisor", "guess-" + i)).isEqualTo(401);
		}
		HttpResponse<String> refused = get("supervisor", "demo");
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("60");
		assertThat(StationSession.JSON.readTree(refused.body()).path("code").asString()).isEqualTo("TOO_MANY_SIGN_INS");
		assertThat(status("quality", "demo")).as("other people are not affected").isEqualTo(200);
		assertThat(meters.find("andon.sign.ins.throttled").counter().count()).isGreaterThanOrEqualTo(1);
		clock.advance(Duration.ofMinutes(1));
		assertThat(status("supervisor", "demo")).isEqualTo(200);
	}

	/** An ERROR frame saying FORBIDDEN, the session closed by the server, nothing of the destination delivered. */
	private static void refusedAndClosed(RawStomp s, String destination) throws InterruptedException {
		String reply = s.next();
		assertThat(reply).as(destination).isNotNull().startsWith("ERROR").contains("message:FORBIDDEN");
		assertThat(s.closedByServer()).as("closed after " + destination).isTrue();
		List<String> rest = new ArrayList<>();
		s.frames.drainTo(rest);
		assertThat(rest).as(destination).noneMatch(f -> f.startsWith("MESSAGE"));
	}

	private RawStomp signedIn(String login, String passcode) throws Exception {
		RawStomp s = RawStomp.connect(port, login, passcode);
		String reply = s.next();
		assertThat(reply).as("sign-in of " + login).startsWith("CONNECTED");
		return s;
	}

	private static String command(String type, String station, String serial) {
		return "{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"" + type + "\",\"stationId\":\"" + station
				+ "\",\"partSerial\":\"" + serial + "\"}";
	}

	private int upgrade(String origin) throws Exception {
		// java.net.http refuses to set Upgrade/Connection itself, so the handshake goes over a plain socket
		try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
			String request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
					+ "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
					+ "Sec-WebSocket-Version: 13\r\n" + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
			socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
			String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
					StandardCharsets.US_ASCII)).readLine();
			return Integer.parseInt(statusLine.split(" ")[1]);
		}
	}

	private HttpResponse<String> get(String user, String password) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/lines"))
			.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private int status(String user, String password) throws Exception {
		return get(user, password).statusCode();
	}

	private double refused(String code) {
		var c = meters.find("andon.commands.refused").tag("code", code).counter();
		return c == null ? 0 : c.count();
	}
}
