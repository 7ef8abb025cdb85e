package org.andon;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A guesser spread over many addresses, each staying under the per-address throttle: the login's failures are
 * counted over all of them, and past the limit the login signs in only from addresses it has signed in from before.
 * The station's own PC and the lead's usual tablet keep working; a new address waits out a lockout after the last
 * failure, however often it retries meanwhile. The server sits behind a reverse proxy here (X-Forwarded-For from loopback), as in a plant with a
 * balancer, so each request can come from an address of the test's choosing.
 */
@Import(MorningClock.class)
@TestPropertySource(properties = { "server.forward-headers-strategy=native", "andon.sign-in.max-failures=5",
		"andon.sign-in.max-failures-per-login=12", "andon.sign-in.lockout=1m" })
class SpreadGuessingTests extends LineServerTestSupport {

	@Autowired
	MutableClock clock;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aStationsTokenGuessedFromManyAddressesStillSignsInFromTheStationsOwnPc() throws Exception {
		assertThat(signIn("10.1.0.7", "WELD", "demo-weld")).as("the station's PC, before").startsWith("CONNECTED");
		for (int address = 0; address < 6; address++) {
			for (int guess = 0; guess < 2; guess++) {
				assertThat(signIn("10.2.0." + address, "WELD", "guess-" + guess))
					.contains("message:UNAUTHENTICATED");
			}
		}
		assertThat(signIn("10.2.0.99", "WELD", "demo-weld")).as("the right token from a new address")
			.contains("message:TOO_MANY_SIGN_INS").contains("from many addresses");
		assertThat(signIn("10.1.0.7", "WELD", "demo-weld")).as("the station's PC, during").startsWith("CONNECTED");
		assertThat(signIn("10.2.0.99", "PAINT", "demo-paint")).as("another station from that address")
			.startsWith("CONNECTED");
	}

	@Test
	void newAddressesWaitOutALockoutAfterTheLastFailureAndRetryingDoesNotProlongIt() throws Exception {
		assertThat(status("10.1.0.20", "supervisor", "demo")).as("the supervisor's tablet").isEqualTo(200);
		for (int address = 0; address < 12; address++) {
			assertThat(status("10.3.0." + address, "supervisor", "guess")).isEqualTo(401);
		}
		HttpResponse<String> refused = get("10.3.0.99", "supervisor", "demo");
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("60");
		assertThat(StationSession.JSON.readTree(refused.body()).path("message").asString())
			.contains("from many addresses");
		assertThat(status("10.1.0.20", "supervisor", "demo")).as("from the tablet it signed in on").isEqualTo(200);
		assertThat(status("10.3.0.99", "quality", "demo")).as("other people").isEqualTo(200);

		clock.advance(Duration.ofSeconds(40));
		assertThat(status("10.3.0.50", "supervisor", "guess")).as("within the lockout").isEqualTo(429);
		for (int retry = 0; retry < 3; retry++) {
			clock.advance(Duration.ofSeconds(5));
			assertThat(status("10.4.0.1", "supervisor", "demo")).as("a new tablet retrying").isEqualTo(429);
		}
		clock.advance(Duration.ofSeconds(6));
		assertThat(status("10.4.0.1", "supervisor", "demo"))
			.as("a minute after the last failure: the refused retries did not prolong it").isEqualTo(200);
	}

	/** A CONNECT from that address (through the proxy), and the server's first answer to it. */
	private String signIn(String address, String login, String passcode) throws Exception {
		try (RawStomp s = RawStomp.openFor(port, address)) {
			s.send(RawStomp.connectFrame(login, passcode));
			return s.next();
		}
	}

	private HttpResponse<String> get(String address, String user, String password) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/lines"))
			.header("X-Forwarded-For", address)
			.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private int status(String address, String user, String password) throws Exception {
		return get(address, user, password).statusCode();
	}
}
