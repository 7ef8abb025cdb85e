package org.andon;

import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A session that keeps sending far past its share, refused or not (no station client backs off like that), is
 * closed with an ERROR frame, and its login may not sign in again from its address until the lockout is over, while
 * other stations sign in and work as before. Refusing costs the server little, but a session closed costs nothing.
 */
@Import(AccessTests.TestClock.class)
@TestPropertySource(properties = { "andon.protocol.sender-commands-per-second=20",
		"andon.protocol.flood-close-after=50", "andon.protocol.flood-lockout=1m" })
class FloodCloseTests extends LineServerTestSupport {

	@Autowired
	MutableClock clock;

	@Autowired
	MeterRegistry meters;

	@Test
	void aSessionFloodingPastItsShareIsClosedAndItsLoginBarredFromItsAddressForTheLockout() throws Exception {
		try (RawStomp flood = RawStomp.connect(port, "FRAME", "demo-frame")) {
			assertThat(flood.next()).startsWith("CONNECTED");
			flood.subscribeResults();
			int sent = 0;
			while (sent < 2000 && flood.trySend(RawStomp.frame("SEND", command("FRAME", "GUSH-" + sent),
					"destination:/app/commands", "content-type:application/json"))) {
				sent++;
			}
			String error = flood.next("ERROR");
			assertThat(error).as("after %d commands sent", sent).isNotNull().contains("message:RATE_LIMITED")
				.contains("is closed; sign in again after");
			assertThat(flood.closedByServer()).isTrue();
		}
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
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
				back.command(calm);
				JsonNode r = StationSession.JSON.readTree(RawStomp.body(back.next("MESSAGE")));
				return r.path("status").asString().equals("ACCEPTED");
			});
		}
	}

	private static String command(String station, String serial) {
		return "{\"commandId\":\"" + UUID.randomUUID() + "\",\"type\":\"RECEIVE\",\"stationId\":\"" + station
				+ "\",\"partSerial\":\"" + serial + "\"}";
	}
}
