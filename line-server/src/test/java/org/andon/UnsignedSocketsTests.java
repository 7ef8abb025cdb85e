package org.andon;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A connection storm: WebSockets opened and never signed in. One address holds at most its limit of them (one more
 * upgrade is answered 429 before it becomes a WebSocket), and a socket that has not signed in within the deadline is
 * closed, while signed-in stations from the same address keep working. The test's loopback address is not exempt
 * here, as a station PC's address is not in a plant.
 */
@Import(MorningClock.class)
@TestPropertySource(properties = { "andon.protocol.unsigned-sockets-per-address=3",
		"andon.protocol.unsigned-sockets-exempt=192.0.2.1", "andon.protocol.sign-in-within=10s" })
class UnsignedSocketsTests extends LineServerTestSupport {

	@Autowired
	MutableClock clock;

	@Autowired
	MeterRegistry meters;

	private final List<RawStomp> opened = new ArrayList<>();

	@AfterEach
	void closeSockets() {
		opened.forEach(RawStomp::close);
		opened.clear();
		await().until(() -> unsignedNow() == 0);
	}

	@Test
	void anAddressHoldsAtMostItsLimitOfSocketsThatHaveNotSignedIn() throws Exception {
		for (int i = 0; i < 3; i++) {
			opened.add(RawStomp.open(port, null));
		}
		double before = refused("too_many_unsigned_from_address");
		String[] answer = upgrade();
		assertThat(answer[0]).as("the fourth upgrade").contains(" 429 ");
		assertThat(answer[1]).contains("TOO_MANY_SOCKETS").contains("have not signed in");
		assertThat(refused("too_many_unsigned_from_address")).isEqualTo(before + 1);

		assertThatThrownBy(() -> RawStomp.open(port, null)).as("a WebSocket client sees a failed handshake")
			.hasStackTraceContaining("429");

		// one of them signs in: it no longer counts, and the address may open another
		opened.get(0).send(RawStomp.connectFrame("WELD", "demo-weld"));
		assertThat(opened.get(0).next()).startsWith("CONNECTED");
		await().until(() -> unsignedNow() == 2);
		assertThat(upgrade()[0]).contains(" 101 ");

		// one closes: the same
		opened.remove(1).close();
		await().until(() -> unsignedNow() <= 2);
		RawStomp another = RawStomp.open(port, null);
		opened.add(another);
		another.send(RawStomp.connectFrame("PAINT", "demo-paint"));
		assertThat(another.next()).as("a socket let in signs in as any other").startsWith("CONNECTED");
	}

	@Test
	void aSocketThatDoesNotSignInWithinTheDeadlineIsClosedAndOneThatDidStaysOpen() throws Exception {
		RawStomp silent = RawStomp.open(port, null);
		RawStomp dribbling = RawStomp.open(port, null);
		RawStomp station = RawStomp.connect(port, "WELD", "demo-weld");
		opened.addAll(List.of(silent, dribbling, station));
		assertThat(station.next()).startsWith("CONNECTED");
		double before = refused("no_sign_in_in_time");

		clock.advance(Duration.ofSeconds(5));
		// a CONNECT that never ends: WebSocket messages keep coming (so Spring's own idle check is content), no frame
		dribbling.send("CONNECT\naccept-version:1.2\n");
		dribbling.send("host:andon\n");
		clock.advance(Duration.ofSeconds(4));
		assertThat(silent.closed).as("9 s in, within the deadline").isNotDone();

		clock.advance(Duration.ofSeconds(2));
		await().until(() -> silent.closed.isDone() && dribbling.closed.isDone());
		assertThat(silent.closed.get()).isEqualTo(1008);
		assertThat(silent.closeReason).startsWith("NO_SIGN_IN").contains("within 10 s");
		assertThat(dribbling.closed.get()).isEqualTo(1008);
		assertThat(refused("no_sign_in_in_time")).isEqualTo(before + 2);

		station.send(RawStomp.frame("SUBSCRIBE", "", "id:own", "destination:/user/queue/station"));
		assertThat(station.next("MESSAGE")).as("the signed-in station is not touched").contains("\"STATE\"");
		assertThat(station.closed).isNotDone();
	}

	/** The status line and body of an upgrade request over a plain socket (java.net.http hides a refusal's body). */
	private String[] upgrade() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			String request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
					+ "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
					+ "Sec-WebSocket-Version: 13\r\n\r\n";
			socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
			BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
					StandardCharsets.UTF_8));
			String status = in.readLine();
			if (status.contains(" 101 ")) {
				return new String[] { status, "" };
			}
			socket.setSoTimeout(5000);
			StringBuilder rest = new StringBuilder();
			String line;
			int length = -1;
			while ((line = in.readLine()) != null && !line.isEmpty()) {
				if (line.toLowerCase().startsWith("content-length:")) {
					length = Integer.parseInt(line.substring(15).trim());
				}
			}
			char[] body = new char[Math.max(0, length)];
			int read = 0;
			while (read < body.length) {
				int n = in.read(body, read, body.length - read);
				if (n < 0) {
					break;
				}
				read += n;
			}
			rest.append(body, 0, read);
			return new String[] { status, rest.toString() };
		}
	}

	private double unsignedNow() {
		return meters.get("andon.websockets.unsigned").gauge().value();
	}

	private double refused(String reason) {
		var c = meters.find("andon.websockets.refused").tag("reason", reason).counter();
		return c == null ? 0 : c.count();
	}
}
