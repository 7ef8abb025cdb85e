package org.andon;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.messaging.simp.broker.DefaultSubscriptionRegistry;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.test.context.TestPropertySource;
import org.andon.testsupport.StationSession;

import static org.assertj.core.api.Assertions.assertThat;

/** A station that was away asks for what it missed and gets exactly that, in order, or a snapshot. */
@TestPropertySource(properties = "andon.protocol.catch-up-limit=20")
class CatchUpTests extends LineServerTestSupport {

	@Autowired
	MeterRegistry meters;

	@Test
	void aReconnectingStationGetsExactlyThePushesItMissedInOrder() throws Exception {
		StationSession paint = station("PAINT");
		long lastSeen = paint.sync(Map.of()).path("upTo").asLong();
		paint.close();

		StationSession weld = station("WELD");
		StationSession lead = person("lead");
		long stop = weld.command("type", "STOP", "stationId", "WELD", "reason", "MAINTENANCE").path("seq").asLong();
		assertAccepted(lead.command("type", "RESUME", "stopId", stop));
		assertAccepted(station("FRAME").command("type", "RECEIVE", "stationId", "FRAME", "partSerial", "C-1"));

		StationSession back = station("PAINT");
		JsonNode reply = back.sync(Map.of("since", lastSeen));
		List<String> missed = reply.path("missed").valueStream().map(p -> p.path("type").asString()).toList();
		assertThat(missed).containsExactly("HALT", "STATE", "RESUME", "STATE");
		List<Long> seqs = reply.path("missed").valueStream().map(p -> p.path("seq").asLong()).toList();
		assertThat(seqs).isSorted().allSatisfy(seq -> assertThat(seq).isGreaterThan(lastSeen));
		assertThat(reply.path("missed").get(0).path("data").path("stopId").asLong()).isEqualTo(stop);
		assertThat(reply.path("upTo").asLong()).isGreaterThanOrEqualTo(seqs.get(seqs.size() - 1));

		JsonNode nothingNew = back.sync(Map.of("since", reply.path("upTo").asLong()));
		assertThat(nothingNew.path("missed")).isEmpty();
	}

	@Test
	void anIdleStationsProbeIsAnsweredWithoutReadingTheLogButAMissedPushStillComes() throws Exception {
		StationSession paint = station("PAINT");
		long lastSeen = paint.sync(Map.of()).path("upTo").asLong();
		StationSession frame = station("FRAME");
		for (int i = 0; i < 5; i++) {
			assertAccepted(frame.command("type", "RECEIVE", "stationId", "FRAME", "partSerial", "I-" + i));
		}
		double fromMemory = answered("memory");
		double fromLog = answered("log");
		JsonNode probe = paint.sync(Map.of("since", lastSeen));
		assertThat(probe.path("missed")).isEmpty();
		assertThat(probe.path("upTo").asLong()).isEqualTo(lastSeen);
		assertThat(answered("memory")).isEqualTo(fromMemory + 1);
		assertThat(answered("log")).isEqualTo(fromLog);

		// PAINT is halted, but the probe still says it saw nothing after lastSeen: the log is read, the HALT comes
		long stop = station("WELD").command("type", "STOP", "stationId", "WELD", "reason", "MAINTENANCE").path("seq")
			.asLong();
		JsonNode reply = paint.sync(Map.of("since", lastSeen));
		assertThat(reply.path("missed").valueStream().map(p -> p.path("type").asString())).contains("HALT");
		assertThat(reply.path("missed").get(0).path("data").path("stopId").asLong()).isEqualTo(stop);
		assertThat(answered("log")).isEqualTo(fromLog + 1);

		long last = reply.path("missed").get(reply.path("missed").size() - 1).path("seq").asLong();
		assertThat(paint.sync(Map.of("since", last)).path("missed")).isEmpty();
		assertThat(answered("memory")).isEqualTo(fromMemory + 2);
		assertAccepted(person("lead").command("type", "RESUME", "stopId", stop));
	}

	@Test
	void theBrokerCachesEverySessionsQueuesOfABigPlant(@Autowired SimpleBrokerMessageHandler broker) {
		// with Spring's default of 1,024, 2,000 stations' queues missed the cache and every reply scanned them all
		assertThat(((DefaultSubscriptionRegistry) broker.getSubscriptionRegistry()).getCacheLimit())
			.isGreaterThanOrEqualTo(6 * 2000);
	}

	private double answered(String how) {
		return meters.get("andon.sync.requests").tag("answer", how).counter().count();
	}

	@Test
	void aStationThatMissedTooMuchGetsASnapshotAndABoardPagesThroughTheLog() throws Exception {
		StationSession frame = station("FRAME");
		for (int i = 0; i < 25; i++) {
			assertAccepted(frame.command("type", "RECEIVE", "stationId", "FRAME", "partSerial", "S-" + i));
		}
		JsonNode reply = frame.sync(Map.of("since", 0));
		assertThat(reply.has("missed")).isFalse();
		assertThat(reply.path("snapshot").path("type").asString()).isEqualTo("STATE");
		assertThat(reply.path("snapshot").path("data").path("state").asString()).isEqualTo("RUNNING");
		assertThat(reply.path("snapshot").path("data").path("customers").get(0).asString()).isEqualTo("WELD");
		assertThat(reply.path("upTo").asLong()).isEqualTo(logSize());

		StationSession board = person("quality");
		JsonNode page = board.sync(Map.of("since", 0, "lineId", "FA1"));
		assertThat(page.path("missed")).hasSize(20);
		assertThat(page.path("more").asBoolean()).isTrue();
		JsonNode next = board.sync(Map.of("since", page.path("upTo").asLong(), "lineId", "FA1"));
		assertThat(next.path("missed").get(0).path("seq").asLong()).isEqualTo(page.path("upTo").asLong() + 1);
	}
}
