package org.andon;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A session that keeps sending far past its share, refused or not (no station client backs off like that), or a
 * station whose sessions do so together, is closed (1008, a reason naming RATE_LIMITED), what it sent after that is
 * dropped, and its login may not sign in again from its address until the lockout is over, while other stations
 * sign in and work as before. Refusing costs the server little, but a session closed costs nothing.
 */
@ExtendWith(OutputCaptureExtension.class)
@Import(AccessTests.TestClock.class)
@TestPropertySource(properties = { "andon.protocol.sender-commands-per-second=20",
		"andon.protocol.flood-close-after=50", "andon.protocol.flood-lockout=1m" })
class FloodCloseTests extends LineServerTestSupport {

	@Autowired
	MutableClock clock;

	@Autowired
	MeterRegistry meters;

	@Test
	void aSessionFloodingPastItsShareIsClosedAndItsLoginBarredFromItsAddressForTheLockout(CapturedOutput output)
			throws Exception {
		try (RawStomp flood = RawStomp.connect(port, "FRAME", "demo-frame")) {
			assertThat(flood.next()).startsWith("CONNECTED");
			flood.subscribeResults();
			int sent = 0;
			while (sent < 2000 && flood.trySend(RawStomp.frame("SEND", command("FRAME", "GUSH-" + sent),
					"destination:/app/commands", "content-type:application/json"))) {
				sent++;
			}
			assertThat(flood.closedByServer()).as("after %d commands sent", sent).isTrue();
			assertThat(flood.closed.get()).as("policy violation").isEqualTo(1008);
			assertThat(flood.closeReason).startsWith("RATE_LIMITED: flooding; sign in again in 60 s");
		}
		double limited = meters.find("andon.sessions.rate.limited").tag("sender", "FRAME").counter().count();
		assertThat(limited).as("what the session had sent after it was closed was dropped, not refused one by one")
			.isLessThan(500);
		long written = jdbc.queryForObject("select count(*) from event_log where part_serial like 'GUSH-%'",
				Long.class);
		assertThat(written).as("only the commands within its share were written").isLessThanOrEqualTo(20 * 30);
		assertThat(meters.find("andon.sessions.closed.flooding").tag("sender", "FRAME").counter().count())
			.isEqualTo(1);

		try (RawStomp again = RawStomp.connect(port, "FRAME", "demo-frame")) {
			String refused = again.next();
			assertThat(refused).as("the same login from the same address, within the lockout").startsWith("ERROR")
				.contains("message:RATE_LIMITED").contains("closed for flooding");
			assertThat(again.closedByServer()).isTrue();
		}
		try (RawStomp other = RawStomp.connect(port, "SEAT-CUT", "demo-seatcut")) {
			assertThat(other.next()).as("another station is not affected").startsWith("CONNECTED");
			other.subscribeResults();
			other.command(command("SEAT-CUT", "CALM-1"));
			JsonNode r = StationSession.JSON.readTree(RawStomp.body(other.next("MESSAGE")));
			assertThat(r.path("status").asString()).isEqualTo("ACCEPTED");
		}

		clock.advance(Duration.ofMinutes(1));
		try (RawStomp back = RawStomp.connect(port, "FRAME", "demo-frame")) {
			assertThat(back.next()).as("after the lockout").startsWith("CONNECTED");
			back.subscribeResults();
			// the share is counted in real seconds (the flood used this one up): resend as the station client does
			String calm = command("FRAME", "CALM-2");
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(400)).until(() -> {
				back.command(calm);
				JsonNode r = StationSession.JSON.readTree(RawStomp.body(back.next("MESSAGE")));
				return r.path("status").asString().equals("ACCEPTED");
			});
		}
		assertThat(output.getAll()).as("frames that came in on the closing socket were dropped quietly")
			.doesNotContain("No decoder for session id");
	}

	@Test
	void aFloodSpreadOverManySessionsOfOneStationIsClosedToo() throws Exception {
		List<RawStomp> sessions = new java.util.ArrayList<>();
		try {
			for (int i = 0; i < 5; i++) {
				RawStomp s = RawStomp.connect(port, "SEAT-SEW", "demo-seatsew");
				assertThat(s.next()).startsWith("CONNECTED");
				sessions.add(s);
			}
			// each session alone stays under 50 refusals a second; together they are far over
			for (int round = 0; round < 40; round++) {
				for (RawStomp s : sessions) {
					s.trySend(RawStomp.frame("SEND", command("SEAT-SEW", "SPREAD-" + round), "destination:/app/commands",
							"content-type:application/json"));
				}
			}
			assertThat(sessions).as("the sessions still sending when the sender was over are closed")
				.anySatisfy(s -> assertThat(s.closedByServer()).isTrue());
			assertThat(meters.find("andon.sessions.closed.flooding").tag("sender", "SEAT-SEW").counter().count())
				.isPositive();
		}
		finally {
			sessions.forEach(RawStomp::close);
		}
		try (RawStomp again = RawStomp.connect(port, "SEAT-SEW", "demo-seatsew")) {
			assertThat(again.next()).startsWith("ERROR").contains("message:RATE_LIMITED");
		}
	}

	private static String command(String station, String serial) {
		return "{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"RECEIVE\",\"stationId\":\"" + station
				+ "\",\"partSerial\":\"" + serial + "\"}";
	}
}
