package org.andon;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.andon.testsupport.TestCertificate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's TLS example as written: the certificate and its private key as PEM files, a Spring Boot SSL bundle
 * {@code spring.ssl.bundle.pem.andon...}. ({@link TlsTests} runs the PKCS#12 form through WSS and its refusals.)
 */
class PemTlsTests extends LineServerTestSupport {

	static TestCertificate certificate;

	@DynamicPropertySource
	static void tls(DynamicPropertyRegistry registry) throws Exception {
		Path dir = Files.createTempDirectory("andon-tls-pem");
		certificate = TestCertificate.generate(dir);
		certificate.pemServerSettings(dir).forEach((name, value) -> registry.add(name, () -> value));
	}

	@Test
	void aStationSignsInOverWssAndTheApiAnswersOverHttpsWithPemFiles() throws Exception {
		HttpClient http = HttpClient.newBuilder().sslContext(certificate.trusting()).build();
		try (RawStomp frame = RawStomp.open(http, "wss://127.0.0.1:" + port + "/ws", null)) {
			frame.send(RawStomp.connectFrame("FRAME", "demo-frame"));
			assertThat(frame.next()).startsWith("CONNECTED");
		}
		TlsTests.assertTheLinesAnswerOverHttps(http, port);
	}
}
