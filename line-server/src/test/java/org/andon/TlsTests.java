package org.andon;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.UUID;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.andon.testsupport.StationSession;
import org.andon.testsupport.TestCertificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HTTPS and WSS the way a plant runs them: a certificate generated for this test with the JDK's keytool, given to
 * the server as a Spring Boot SSL bundle ({@code spring.ssl.bundle.jks.andon...}, {@code server.ssl.bundle=andon}).
 * A client that trusts the certificate signs in over WSS and sends a command, and reads the REST API over HTTPS; a
 * client that does not trust it fails the handshake; plain HTTP on the port gets nothing.
 */
class TlsTests extends LineServerTestSupport {

	static TestCertificate certificate;

	@DynamicPropertySource
	static void tls(DynamicPropertyRegistry registry) throws Exception {
		certificate = TestCertificate.generate(Files.createTempDirectory("andon-tls"));
		certificate.serverSettings().forEach((name, value) -> registry.add(name, () -> value));
	}

	@Test
	void aStationSignsInOverWssAndSendsACommand() throws Exception {
		HttpClient http = HttpClient.newBuilder().sslContext(trusting()).build();
		try (RawStomp frame = RawStomp.open(http, "wss://127.0.0.1:" + port + "/ws", null)) {
			assertFrameSignsInAndReceives(frame, "TLS-1");
		}
	}

	/** FRAME signs in on this socket and receives a part, and the server accepts it. */
	static void assertFrameSignsInAndReceives(RawStomp frame, String serial) throws Exception {
		frame.send(RawStomp.connectFrame("FRAME", "demo-frame"));
		assertThat(frame.next()).startsWith("CONNECTED");
		frame.subscribeResults();
		String id = UUID.randomUUID().toString();
		frame.command("{\"commandId\":\"" + id + "\",\"type\":\"RECEIVE\",\"stationId\":\"FRAME\","
				+ "\"partSerial\":\"" + serial + "\"}");
		JsonNode result = StationSession.JSON.readTree(RawStomp.body(frame.next("MESSAGE")));
		assertThat(result.path("commandId").asString()).isEqualTo(id);
		assertAccepted(result);
	}

	@Test
	void theRestApiAnswersOverHttps() throws Exception {
		assertTheLinesAnswerOverHttps(HttpClient.newBuilder().sslContext(trusting()).build(), port);
	}

	/** The lead reads the lines over HTTPS with this client. */
	static void assertTheLinesAnswerOverHttps(HttpClient http, int port) throws Exception {
		HttpResponse<String> lines = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
				+ "/api/lines")).header("Authorization", "Basic " + Base64.getEncoder()
					.encodeToString("lead:demo".getBytes(StandardCharsets.UTF_8))).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(lines.statusCode()).isEqualTo(200);
		assertThat(lines.body()).contains("FA1");
	}

	@Test
	void aClientThatDoesNotTrustTheCertificateFailsTheHandshakeAndPlainHttpGetsNothing() throws Exception {
		HttpClient untrusting = HttpClient.newHttpClient();
		assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
				+ "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString()))
			.isInstanceOf(SSLHandshakeException.class).hasStackTraceContaining("PKIX path building failed");
		HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
				"http://127.0.0.1:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(plain.statusCode()).as("Tomcat refuses plain HTTP on a TLS port").isEqualTo(400);
		assertThat(plain.body()).doesNotContain("UP");
	}

	/** A client that trusts exactly the certificate generated for this test. */
	private static SSLContext trusting() {
		return certificate.trusting();
	}
}
