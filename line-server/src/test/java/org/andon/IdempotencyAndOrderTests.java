package org.andon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.andon.testsupport.StationSession;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** A command is applied once, whatever is resent; the log's sequence stays gap-free under concurrent stations. */
// stations here pipeline over a hundred commands at once, more than a slice of a share: this is about order and
// gaps under concurrency, not about the share (AccessTests)
@TestPropertySource(properties = "andon.protocol.sender-commands-per-second=100000")
class IdempotencyAndOrderTests extends LineServerTestSupport {

	@Test
	void aRepeatedCommandIdReturnsTheOriginalResultAndWritesNothing() throws Exception {
		StationSession frame = station("FRAME");
		Map<String, Object> receive = new LinkedHashMap<>(Map.of("commandId", UUID.randomUUID().toString(),
				"type", "RECEIVE", "stationId", "FRAME", "partSerial", "I-1"));
		JsonNode first = frame.send(receive);
		assertAccepted(first);
		assertThat(first.path("duplicate").asBoolean()).isFalse();
		long size = logSize();

		JsonNode again = frame.send(receive);
		assertAccepted(again);
		assertThat(again.path("seq").asLong()).isEqualTo(first.path("seq").asLong());
		assertThat(again.path("duplicate").asBoolean()).isTrue();
		assertThat(logSize()).isEqualTo(size);

		// a blocked pass is logged once; resending it returns the same refusal
		assertAccepted(frame.command("type", "REPORT_DEFECT", "stationId", "FRAME", "partSerial", "I-1",
				"defectCode", "SCRATCH"));
		Map<String, Object> pass = new LinkedHashMap<>(Map.of("commandId", UUID.randomUUID().toString(), "type",
				"PASS", "stationId", "FRAME", "partSerial", "I-1"));
		JsonNode blocked = frame.send(pass);
		assertRejected(blocked, "PART_HAS_OPEN_DEFECT");
		size = logSize();
		JsonNode blockedAgain = frame.send(pass);
		assertRejected(blockedAgain, "PART_HAS_OPEN_DEFECT");
		assertThat(blockedAgain.path("seq").asLong()).isEqualTo(blocked.path("seq").asLong());
		assertThat(logSize()).isEqualTo(size);

		// the same id for another command is refused, not silently answered with the old result
		receive.put("partSerial", "I-2");
		assertRejected(frame.send(receive), "COMMAND_ID_REUSED");
		receive.put("type", "PASS");
		assertRejected(frame.send(receive), "COMMAND_ID_REUSED");
	}

	@Test
	void theLogSequenceIsGapFreeAndOrderedWhenStationsSendAtOnce() throws Exception {
		int parts = 60;
		List<StationSession> entries = List.of(station("FRAME"), station("SEAT-CUT"));
		StationSession lead = person("lead");
		long before = logSize();
		List<CompletableFuture<List<JsonNode>>> senders = new ArrayList<>();
		for (StationSession s : entries) {
			senders.add(CompletableFuture.supplyAsync(() -> {
				for (int i = 0; i < parts; i++) {
					String serial = s.login + "-G-" + i;
					s.pipeline("type", "RECEIVE", "stationId", s.login, "partSerial", serial);
					s.pipeline("type", "PASS", "stationId", s.login, "partSerial", serial);
				}
				try {
					return s.takeResults(2 * parts);
				}
				catch (InterruptedException ex) {
					throw new IllegalStateException(ex);
				}
			}));
		}
		CompletableFuture<List<JsonNode>> stops = CompletableFuture.supplyAsync(() -> {
			List<JsonNode> results = new ArrayList<>();
			try {
				for (int i = 0; i < 10; i++) {
					JsonNode stop = lead.command("type", "STOP", "stationId", "TEST", "reason", "OTHER");
					results.add(stop);
					results.add(lead.command("type", "RESUME", "stopId", stop.path("seq").asLong()));
				}
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			return results;
		});
		List<JsonNode> all = new ArrayList<>();
		for (CompletableFuture<List<JsonNode>> f : senders) {
			all.addAll(f.get());
		}
		all.addAll(stops.get());

		assertThat(all).hasSize(4 * parts + 20).allSatisfy(LineServerTestSupport::assertAccepted);
		List<Long> seqs = jdbc.queryForList("select seq from event_log where seq > ? order by seq", Long.class,
				before);
		for (int i = 0; i < seqs.size(); i++) {
			assertThat(seqs.get(i)).as("entry %d after the start", i).isEqualTo(before + 1 + i);
		}
		// a STOP writes its entry, two state changes (TEST, PACK), its incident and the incident's first page;
		// a RESUME its entry, two state changes back and the incident's resolution
		assertThat(seqs).hasSize(4 * parts + 10 * (5 + 4));
		assertThat(all.stream().map(r -> r.path("seq").asLong()).distinct()).hasSize(all.size());
		assertThat(jdbc.queryForObject("select last_seq from log_head", Long.class)).isEqualTo(before + seqs.size());
	}
}
