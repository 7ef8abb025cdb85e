package org.andon;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.andon.command.HostileCommands;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real line server on a real socket under random and mutated input: command bodies (wrong types, huge numbers,
 * unicode, nested JSON, missing fields, oversized) and whole STOMP frames (unknown commands, forbidden destinations,
 * broken headers, stray bytes). Every command gets exactly one result with a clear error code and writes nothing
 * unless it was a valid command; every hostile frame is answered with an ERROR frame or a closed session, or is
 * harmlessly ignored; nothing from a forbidden destination is ever delivered; and the server keeps serving.
 */
class StompFuzzTests {

	private static final int MAX_FRAME_BYTES = 16384;
	private static final Set<String> ALLOWED = Set.of("/app/commands", "/app/sync", "/user/queue/results",
			"/user/queue/station", "/user/queue/sync", "/user/queue/pages", "/topic/line.FA1");

	private static ConfigurableApplicationContext server;
	private static int port;
	private static JdbcTemplate jdbc;
	private static RawStomp station;
	private static RawStomp syncing;

	@BeforeContainer
	static void startServer() throws Exception {
		Path dir = Files.createTempDirectory("andon-fuzz");
		server = new SpringApplicationBuilder(LineServerApplication.class).run("--server.port=0",
				"--spring.datasource.url=jdbc:h2:file:" + dir.resolve("andon") + ";WRITE_DELAY=0",
				"--andon.protocol.sender-commands-per-second=1000000", "--logging.level.root=WARN",
				"--logging.level.org.springframework.web.socket.messaging=OFF");
		port = Integer.parseInt(server.getEnvironment().getProperty("local.server.port"));
		jdbc = server.getBean(JdbcTemplate.class);
	}

	@AfterContainer
	static void stopServer() {
		for (RawStomp s : new RawStomp[] { station, syncing }) {
			if (s != null) {
				s.close();
			}
		}
		server.close();
	}

	@Property(tries = 400)
	void everyHostileCommandGetsOneClearResultAndWritesNothingUnlessValid(@ForAll("bodies") String body)
			throws Exception {
		if (station == null || station.closed.isDone()) {
			station = signedIn("FRAME", "demo-frame", "/user/queue/results");
		}
		long before = logSize();
		station.command(body);
		String reply = next(station, 10);
		int frameBytes = body.getBytes(StandardCharsets.UTF_8).length + 60;
		if (reply == null && station.closed.isDone()) {
			assertThat(frameBytes).as("only a message over the transport limit closes the session")
				.isGreaterThan(MAX_FRAME_BYTES - 100);
			assertThat(logSize()).isEqualTo(before);
			return;
		}
		assertThat(reply).as("a result for %s", body).isNotNull().startsWith("MESSAGE");
		JsonNode result = StationSession.JSON.readTree(RawStomp.body(reply));
		String status = result.path("status").asString();
		assertThat(status).isIn("ACCEPTED", "REJECTED");
		if (status.equals("ACCEPTED")) {
			return;
		}
		assertThat(result.path("code").asString()).as(result.toString()).isNotBlank();
		assertThat(result.path("message").asString()).as(result.toString()).isNotBlank();
		if (!result.has("seq")) {
			assertThat(logSize()).as("a refusal that is not logged writes nothing: %s", result).isEqualTo(before);
		}
	}

	@Property(tries = 200)
	void everyCatchUpRequestGetsOneReply(@ForAll("bodies") String body) throws Exception {
		if (syncing == null || syncing.closed.isDone()) {
			syncing = signedIn("PAINT", "demo-paint", "/user/queue/sync");
		}
		long before = logSize();
		syncing.send(RawStomp.frame("SEND", body, "destination:/app/sync", "content-type:application/json"));
		String reply = next(syncing, 10);
		if (reply == null && syncing.closed.isDone()) {
			assertThat(body.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(MAX_FRAME_BYTES - 200);
			return;
		}
		assertThat(reply).as("a reply to %s", body).isNotNull().startsWith("MESSAGE");
		JsonNode r = StationSession.JSON.readTree(RawStomp.body(reply));
		if (r.hasNonNull("code")) {
			assertThat(r.path("message").asString()).as(r.toString()).isNotBlank();
		}
		assertThat(logSize()).isEqualTo(before);
	}

	@Property(tries = 200)
	void aHostileFrameIsRefusedOrIgnoredAndTheServerKeepsServing(@ForAll("frames") String frame) throws Exception {
		long before = logSize();
		try (RawStomp s = signedIn("WELD", "demo-weld", "/user/queue/sync")) {
			// if the frame was ignored, the sync after it is answered; if it was refused, an ERROR or the close comes
			s.trySend(frame);
			s.trySend(RawStomp.frame("SEND", "{\"since\":0}", "destination:/app/sync"));
			String reply = next(s, 10);
			if (reply == null) {
				assertThat(s.closedByServer()).as("no answer at all to %s", printable(frame)).isTrue();
			}
			else {
				assertThat(reply).as(printable(frame)).matches("(?s)(ERROR|MESSAGE\n).*");
				if (reply.startsWith("MESSAGE")) {
					assertThat(reply).as("only the sync reply is delivered").contains("destination:/user/queue/sync");
				}
			}
		}
		assertThat(logSize()).isEqualTo(before);
		try (RawStomp probe = signedIn("lead", "demo", "/user/queue/sync")) {
			probe.send(RawStomp.frame("SEND", "{\"since\":0,\"lineId\":\"FA1\"}", "destination:/app/sync"));
			assertThat(next(probe, 10)).as("the server still serves").startsWith("MESSAGE");
		}
	}

	@Provide
	Arbitrary<String> bodies() {
		return Arbitraries.oneOf(HostileCommands.mutatedCommands(),
				HostileCommands.garbage().map(b -> new String(b, StandardCharsets.UTF_8).replace("\0", "")));
	}

	@Provide
	Arbitrary<String> frames() {
		Arbitrary<String> word = Arbitraries.oneOf(Arbitraries.of("SEND", "SUBSCRIBE", "UNSUBSCRIBE", "ACK", "NACK",
				"BEGIN", "COMMIT", "ABORT", "CONNECT", "STOMP", "MESSAGE", "ERROR", "RECEIPT", "CONNECTED", "send",
				"HALT", ""), Arbitraries.strings().all().ofMaxLength(12));
		Arbitrary<String> destination = Arbitraries.oneOf(Arbitraries.of("/topic/line.FA2", "/topic/line.FA1.x",
				"/topic/andon.unresolved-user", "/user/FRAME/queue/station", "/user/queue/../queue/station",
				"/queue/results", "/app/commands ", "/APP/commands", "/app/sync/x", "/app//commands", "", "/",
				"/user/queue/results\u0000", "/topic/line.*", "/topic/>", "/topic/#"),
				Arbitraries.strings().all().ofMaxLength(40)).filter(d -> !ALLOWED.contains(d));
		Arbitrary<String> header = Arbitraries.oneOf(
				destination.map(d -> "destination:" + escape(d)),
				Arbitraries.of("destination", ":", "::", "id", "content-length:-1", "content-length:x",
						"content-type:application/json;charset=EBCDIC", "receipt:\\q", "destination:\\", "ack:client",
						"login:FRAME", "passcode:demo-frame", "heart-beat:1,1", "accept-version:9.9"),
				Arbitraries.strings().withCharRange('a', 'z').ofMinLength(2000).ofMaxLength(12_000)
					.map(v -> "x-huge:" + v),
				Arbitraries.strings().all().ofMaxLength(30).map(StompFuzzTests::noNul).map(h -> h.replace("\n", "")));
		Arbitrary<String> body = Arbitraries.oneOf(HostileCommands.mutatedCommands(),
				Arbitraries.strings().all().ofMaxLength(100).map(StompFuzzTests::noNul), Arbitraries.just(""));
		Arbitrary<String> structured = Combinators.combine(word.map(StompFuzzTests::noNul).map(w -> w.replace("\n", "")),
				header.list().ofMaxSize(5), body).as((w, headers, b) -> w.isBlank() && headers.isEmpty() && b.isEmpty()
						? "X\n\n\0" : RawStomp.frame(w, b, headers.toArray(String[]::new)));
		Arbitrary<String> stray = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(300).map(StompFuzzTests::noNul)
			.map(s -> s + "\0");
		return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, structured), net.jqwik.api.Tuple.of(1, stray))
			.filter(f -> !isAllowedRequest(f));
	}

	/** A frame the generators made that is a legitimate request after all (a SUBSCRIBE to an own queue, say). */
	private static boolean isAllowedRequest(String frame) {
		return ALLOWED.stream().anyMatch(d -> frame.contains("destination:" + d + "\n"));
	}

	private static String escape(String headerValue) {
		return noNul(headerValue).replace("\\", "\\\\").replace("\n", "\\n").replace(":", "\\c").replace("\r", "\\r");
	}

	/** Without NUL (it ends a frame) and as valid UTF-8 (a WebSocket text message cannot carry lone surrogates). */
	private static String noNul(String s) {
		return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).replace("\0", "");
	}

	private static String printable(String frame) {
		String shown = frame.length() > 300 ? frame.substring(0, 300) + "..." : frame;
		return shown.replace("\0", "^@").replace("\n", "\\n");
	}

	private static RawStomp signedIn(String login, String passcode, String queue) throws Exception {
		RawStomp s = RawStomp.connect(port, login, passcode);
		assertThat(next(s, 20)).as("sign-in").startsWith("CONNECTED");
		s.send(RawStomp.frame("SUBSCRIBE", "", "id:own", "destination:" + queue));
		return s;
	}

	private static String next(RawStomp s, int seconds) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (System.nanoTime() < deadline) {
			String f = s.frames.poll(50, TimeUnit.MILLISECONDS);
			if (f != null) {
				return f;
			}
			if (s.closed.isDone() && s.frames.isEmpty()) {
				return null;
			}
		}
		return null;
	}

	private static long logSize() {
		return jdbc.queryForObject("select count(*) from event_log", Long.class);
	}
}
