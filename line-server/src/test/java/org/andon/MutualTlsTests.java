package org.andon;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.andon.testsupport.TestCertificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Stations that sign in with certificates of their own (mutual TLS), as a plant that does not want a station's token
 * to be enough on its own runs it: the server's SSL bundle trusts the stations' certificates, asks every client for
 * one ({@code server.ssl.client-auth=want}), and a station signs in only with the certificate whose common name is its
 * id ({@code andon.sign-in.station-certificates}). People sign in from browsers without one.
 */
class MutualTlsTests extends LineServerTestSupport {

	static TestCertificate server;
	static TestCertificate frame;
	static TestCertificate paint;
	static TestCertificate strangerNamedFrame;

	@DynamicPropertySource
	static void mutualTls(DynamicPropertyRegistry registry) throws Exception {
		Path dir = Files.createTempDirectory("andon-mtls");
		server = TestCertificate.generate(dir);
		frame = TestCertificate.forStation(dir, "FRAME");
		paint = TestCertificate.forStation(dir, "PAINT");
		strangerNamedFrame = TestCertificate.forStation(Files.createDirectories(dir.resolve("elsewhere")), "FRAME");
		Path stations = dir.resolve("stations.pem");
		Files.writeString(stations, Files.readString(frame.pem()) + Files.readString(paint.pem()));
		server.mutualTlsServerSettings(dir, stations).forEach((name, value) -> registry.add(name, () -> value));
	}

	@Test
	void aStationWithItsOwnCertificateSignsInAndSendsACommand() throws Exception {
		try (RawStomp s = open(frame)) {
			TlsTests.assertFrameSignsInAndReceives(s, "MTLS-1");
		}
	}

	@Test
	void aStationsTokenIsNotEnoughWithoutItsCertificateOrWithAnotherStations() throws Exception {
		long before = jdbc.queryForObject("select count(*) from event_log", Long.class);
		try (RawStomp s = open(null)) {
			s.send(RawStomp.connectFrame("FRAME", "demo-frame"));
			assertThat(s.next()).contains("message:UNAUTHENTICATED")
				.contains("signs in only with its own client certificate");
			assertThat(s.closedByServer()).isTrue();
		}
		try (RawStomp s = open(null)) {
			s.send(RawStomp.connectFrame("FRAME", "a-wrong-token"));
			assertThat(s.next()).as("the same answer: it does not tell whether a token was right")
				.contains("message:UNAUTHENTICATED").contains("signs in only with its own client certificate");
		}
		try (RawStomp s = open(paint)) {
			s.send(RawStomp.connectFrame("FRAME", "demo-frame"));
			assertThat(s.next()).contains("message:UNAUTHENTICATED").contains("is for 'PAINT', not for station 'FRAME'");
		}
		assertThat(jdbc.queryForObject("select count(*) from event_log", Long.class)).as("nothing written")
			.isEqualTo(before);
	}

	@Test
	void aCertificateTheServerDoesNotTrustFailsTheHandshakeEvenWithTheRightName() {
		assertThatThrownBy(() -> open(strangerNamedFrame)).hasStackTraceContaining("certificate");
	}

	@Test
	void peopleSignInWithoutACertificate() throws Exception {
		try (RawStomp lead = open(null)) {
			lead.send(RawStomp.connectFrame("lead", "demo"));
			assertThat(lead.next()).startsWith("CONNECTED");
		}
		TlsTests.assertTheLinesAnswerOverHttps(HttpClient.newBuilder().sslContext(server.trusting()).build(), port);
	}

	@Test
	void stationCertificatesWithoutTlsThatAsksForThemRefuseToStart() throws Exception {
		Path dir = Files.createTempDirectory("andon-mtls-misconfigured");
		assertThatThrownBy(() -> new org.springframework.boot.builder.SpringApplicationBuilder(
				LineServerApplication.class)
			.run("--server.port=0", "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("andon") + ";WRITE_DELAY=0",
					"--andon.sign-in.station-certificates=true").close())
			.as("else every station would be refused at sign-in")
			.hasStackTraceContaining("andon.sign-in.station-certificates=true needs TLS that asks for client "
					+ "certificates")
			.hasStackTraceContaining("server.ssl.client-auth=want or need (now none)");
	}

	private RawStomp open(TestCertificate client) throws Exception {
		return RawStomp.open(HttpClient.newBuilder().sslContext(server.trustingAs(client)).build(),
				"wss://127.0.0.1:" + port + "/ws", null);
	}
}
