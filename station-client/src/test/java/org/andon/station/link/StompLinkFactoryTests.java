package org.andon.station.link;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A link takes frames up to its limit whole, although Tomcat's buffers per link are far smaller, and a frame over the
 * limit ends the link with a reason that names the limit.
 */
class StompLinkFactoryTests {

	@Test
	void aFrameAtTheDefaultLimitArrivesWhole() throws Exception {
		int limit = StompLinkFactory.DEFAULT_MAX_FRAME_BYTES;
		assertThat(limit).as("far larger than what Tomcat keeps per link")
			.isGreaterThan(100 * StompLinkFactory.TOMCAT_MESSAGE_BUFFER);
		try (TinyStompServer server = new TinyStompServer(); StompLinkFactory links = new StompLinkFactory()) {
			Recorder recorder = new Recorder();
			CompletableFuture<Link> link = links.open(server.uri(), "FRAME", "demo", recorder);
			String subscription = server.subscription(StompLinkFactory.SYNC);
			link.get(10, TimeUnit.SECONDS);
			String frame = TinyStompServer.message(subscription, StompLinkFactory.SYNC, limit);
			assertThat(frame.getBytes(StandardCharsets.UTF_8)).hasSize(limit);
			server.send(frame);
			String body = new String(recorder.messages.poll(20, TimeUnit.SECONDS), StandardCharsets.UTF_8);
			assertThat(body).isEqualTo(frame.substring(frame.indexOf("\n\n") + 2, frame.length() - 1));
			assertThat(recorder.closed).isEmpty();
		}
	}

	@Test
	void aFrameOverTheLimitEndsTheLinkAndSaysWhy() throws Exception {
		int limit = 64 * 1024;
		try (TinyStompServer server = new TinyStompServer(); StompLinkFactory links = new StompLinkFactory(limit)) {
			Recorder recorder = new Recorder();
			CompletableFuture<Link> link = links.open(server.uri(), "FRAME", "demo", recorder);
			String subscription = server.subscription(StompLinkFactory.SYNC);
			link.get(10, TimeUnit.SECONDS);
			server.send(TinyStompServer.message(subscription, StompLinkFactory.SYNC, limit));
			assertThat(recorder.messages.poll(10, TimeUnit.SECONDS)).as("a frame at this link's limit").isNotNull();
			server.send(TinyStompServer.message(subscription, StompLinkFactory.SYNC, limit + 1));
			assertThat(recorder.closed.poll(10, TimeUnit.SECONDS)).contains("more than " + limit + " bytes");
			assertThat(recorder.messages).isEmpty();
		}
	}

	private static final class Recorder implements LinkHandler {

		final BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
		final BlockingQueue<String> closed = new LinkedBlockingQueue<>();

		@Override
		public void onMessage(String destination, byte[] body) {
			messages.add(body);
		}

		@Override
		public void onClosed(String why) {
			closed.add(why);
		}
	}
}
