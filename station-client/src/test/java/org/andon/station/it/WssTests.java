package org.andon.station.it;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLHandshakeException;

import tools.jackson.databind.JsonNode;
import org.andon.station.link.Link;
import org.andon.station.link.LinkHandler;
import org.andon.station.link.PlantTrust;
import org.andon.station.link.StompLinkFactory;
import org.andon.testsupport.LineServerProcess;
import org.andon.testsupport.TestCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The station terminal on a line server that speaks only TLS, as a plant runs it (README, "TLS in a plant"): a
 * certificate made for this test with the JDK's keytool, given to the server as a Spring Boot SSL bundle, and to the
 * terminal as the one certificate it trusts ({@code --trust-certificates}). The terminal signs in over
 * {@code wss://} and its commands are accepted; a link that trusts only the JVM's public authorities is refused at
 * the handshake, before any token is sent.
 */
class WssTests {

	@TempDir
	Path work;

	@Test
	void theTerminalTrustingThePlantCertificateWorksOverWssAndAnUntrustingLinkIsRefused() throws Exception {
		TestCertificate tls = TestCertificate.generate(work);
		Path certificate = tls.pem();
		Path data = Files.createDirectories(work.resolve("server"));
		try (LineServerProcess server = LineServerProcess.launch(LineServerProcess.jar())
			.settings(Stream.concat(Stream.of("--spring.datasource.url=jdbc:h2:file:"
					+ data.resolve("andon") + ";WRITE_DELAY=0"), tls.serverArguments().stream()).toList())
			.plainHealthPort(0).directory(data).log("line-server.log").start()) {
			String wss = "wss://127.0.0.1:" + server.port() + "/ws";
			Files.writeString(work.resolve("frame.token"), "demo-frame\n");
			int exit;
			List<String> out;
			try (ClientProcess client = ClientProcess.start(work, "--server", wss, "--station", "FRAME",
					"--token-file", "frame.token", "--trust-certificates", certificate.toString(), "--script",
					"--wait", "30")) {
				client.type("receive WSS-1", "pass WSS-1");
				client.endInput();
				exit = client.waitForExit(90);
				out = List.copyOf(client.stdout);
			}
			assertThat(out).hasSize(2);
			for (String line : out) {
				JsonNode result = LineServerProcess.JSON.readTree(line);
				assertThat(result.path("status").asString()).as(line).isEqualTo("ACCEPTED");
			}
			assertThat(exit).isZero();

			try (ClientProcess untrusting = ClientProcess.start(work, "--server", wss, "--station", "FRAME",
					"--token-file", "frame.token", "--script", "--wait", "3")) {
				untrusting.type("receive WSS-2");
				untrusting.endInput();
				assertThat(untrusting.waitForExit(60)).as("it still waits for the server").isEqualTo(4);
				assertThat(untrusting.stderr()).as("the worker is told what is wrong and what fixes it")
					.contains("certificate is not trusted", "--trust-certificates");
			}
			try (StompLinkFactory untrusting = new StompLinkFactory()) {
				CompletableFuture<Link> opened = untrusting.open(URI.create(wss), "FRAME", "demo-frame", idle());
				assertThatThrownBy(() -> opened.get(30, TimeUnit.SECONDS)).as("the JVM's authorities do not know it")
					.hasStackTraceContaining("PKIX path building failed")
					.satisfies(ex -> assertThat(hasCause(ex, SSLHandshakeException.class)).isTrue());
			}
			try (StompLinkFactory trusting = new StompLinkFactory(StompLinkFactory.DEFAULT_MAX_FRAME_BYTES,
					PlantTrust.fromPem(certificate))) {
				Link link = trusting.open(URI.create(wss), "FRAME", "demo-frame", idle()).get(30, TimeUnit.SECONDS);
				link.close();
			}
		}
	}

	@Test
	void whereThePlantAsksStationsForCertificatesTheTerminalSignsInWithItsOwn() throws Exception {
		TestCertificate tls = TestCertificate.generate(work);
		TestCertificate frame = TestCertificate.forStation(work, "FRAME");
		Path frameKey = frame.pemKey(work);
		Path data = Files.createDirectories(work.resolve("server"));
		List<String> settings = Stream.concat(Stream.of("--spring.datasource.url=jdbc:h2:file:" + data.resolve("andon")
				+ ";WRITE_DELAY=0"), tls.mutualTlsServerSettings(work, frame.pem()).entrySet().stream()
					.map(e -> "--" + e.getKey() + "=" + e.getValue())).toList();
		try (LineServerProcess server = LineServerProcess.launch(LineServerProcess.jar()).settings(settings)
			.plainHealthPort(0).directory(data).log("line-server.log").start()) {
			String wss = "wss://127.0.0.1:" + server.port() + "/ws";
			Files.writeString(work.resolve("frame.token"), "demo-frame\n");
			Files.writeString(work.resolve("frame.properties"), "server=" + wss + "\nstation=FRAME\n"
					+ "token-file=frame.token\ntrust-certificates=" + tls.pem() + "\nclient-certificate="
					+ frame.pem() + "\nclient-key=" + frameKey + "\n");
			List<String> out;
			try (ClientProcess client = ClientProcess.start(work, "--config", "frame.properties", "--script",
					"--wait", "30")) {
				client.type("receive MTLS-1");
				client.endInput();
				assertThat(client.waitForExit(90)).isZero();
				out = List.copyOf(client.stdout);
			}
			assertThat(out).hasSize(1);
			assertThat(LineServerProcess.JSON.readTree(out.get(0)).path("status").asString()).as(out.get(0))
				.isEqualTo("ACCEPTED");

			try (ClientProcess without = ClientProcess.start(work, "--server", wss, "--station", "FRAME",
					"--token-file", "frame.token", "--trust-certificates", tls.pem().toString(), "--script", "--wait",
					"3")) {
				without.type("receive MTLS-2");
				without.endInput();
				assertThat(without.waitForExit(60)).as("refused, as a wrong token is").isEqualTo(3);
				assertThat(without.stderr()).as("the worker is told what is missing")
					.contains("signs in only with its own client certificate");
			}
		}
	}

	private static LinkHandler idle() {
		return new LinkHandler() {
			@Override
			public void onMessage(String destination, byte[] body) {
			}

			@Override
			public void onClosed(String why) {
			}
		};
	}

	private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return true;
			}
		}
		return false;
	}
}
