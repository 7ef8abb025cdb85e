package org.andon;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HTTPS and WSS the way a plant runs them: a certificate generated for this test with the JDK's keytool, given to
 * the server as a Spring Boot SSL bundle ({@code spring.ssl.bundle.jks.andon...}, {@code server.ssl.bundle=andon}).
 * A client that trusts the certificate signs in over WSS and sends a command, and reads the REST API over HTTPS; a
 * client that does not trust it fails the handshake; plain HTTP on the port gets nothing.
 */
class TlsTests extends LineServerTestSupport {

	static Path certificate;

	@DynamicPropertySource
	static void tls(DynamicPropertyRegistry registry) throws Exception {
		Path dir = Files.createTempDirectory("andon-tls");
		Path keystore = dir.resolve("line-server.p12");
		certificate = dir.resolve("line-server.pem");
		keytool("-genkeypair", "-alias", "line-server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
				"CN=line-server.plant.example", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2",
				"-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "test-secret");
		keytool("-exportcert", "-rfc", "-alias", "line-server", "-keystore", keystore.toString(), "-storepass",
				"test-secret", "-file", certificate.toString());
		registry.add("spring.ssl.bundle.jks.andon.keystore.location", () -> "file:" + keystore);
		registry.add("spring.ssl.bundle.jks.andon.keystore.password", () -> "test-secret");
		registry.add("spring.ssl.bundle.jks.andon.keystore.type", () -> "PKCS12");
		registry.add("server.ssl.bundle", () -> "andon");
	}

	@Test
	void aStationSignsInOverWssAndSendsACommand() throws Exception {
		HttpClient http = HttpClient.newBuilder().sslContext(trusting()).build();
		try (RawStomp frame = RawStomp.open(http, "wss://127.0.0.1:" + port + "/ws", null)) {
			frame.send(RawStomp.connectFrame("FRAME", "demo-frame"));
			assertThat(frame.next()).startsWith("CONNECTED");
			frame.subscribeResults();
			String id = UUID.randomUUID().toString();
			frame.command("{\"commandId\":\"" + id + "\",\"type\":\"RECEIVE\",\"stationId\":\"FRAME\","
					+ "\"partSerial\":\"TLS-1\"}");
			JsonNode result = StationSession.JSON.readTree(RawStomp.body(frame.next("MESSAGE")));
			assertThat(result.path("commandId").asString()).isEqualTo(id);
			assertAccepted(result);
		}
	}

	@Test
	void theRestApiAnswersOverHttps() throws Exception {
		HttpClient http = HttpClient.newBuilder().sslContext(trusting()).build();
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
	private static SSLContext trusting() throws Exception {
		KeyStore trust = KeyStore.getInstance("PKCS12");
		trust.load(null, null);
		try (InputStream in = Files.newInputStream(certificate)) {
			Certificate cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
			trust.setCertificateEntry("line-server", cert);
		}
		TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		tmf.init(trust);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, tmf.getTrustManagers(), null);
		return context;
	}

	private static void keytool(String... args) throws Exception {
		String[] command = new String[args.length + 1];
		command[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
		System.arraycopy(args, 0, command, 1, args.length);
		Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(p.exitValue()).as(out).isZero();
	}
}
