package org.andon.ops.sim;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

import org.springframework.web.socket.messaging.WebSocketStompClient;

import org.andon.testsupport.StationSession;

/**
 * The andon boards of the simulated floor, each a person's STOMP session following its line's topic: every entry is
 * counted, and a STOP_STARTED entry is timed from the moment the simulator sent that stop.
 */
final class Boards implements AutoCloseable {

	private final List<StationSession> sessions = new ArrayList<>();
	private final Supplier<Phase> phase;
	private final Map<String, StopRecord> byCommandId;

	/** {@code byCommandId}: the stops the simulator pulled, by the commandId of their STOP. */
	Boards(Supplier<Phase> phase, Map<String, StopRecord> byCommandId) {
		this.phase = phase;
		this.byCommandId = byCommandId;
	}

	/** Signs in every board of the plant on {@code client}. */
	void signIn(WebSocketStompClient client, URI server, Plant plant) throws Exception {
		for (int b = 0; b < plant.boards(); b++) {
			sessions.add(StationSession.signIn(server, plant.board(b), Plant.PASSWORD).client(client)
				.withoutHeartbeats().line(plant.lineId(plant.lineOfBoard(b))).onLineEvent(this::entry)
				.onPage(page -> {
				}).connect());
		}
	}

	int size() {
		return sessions.size();
	}

	private void entry(JsonNode entry) {
		long now = System.nanoTime();
		phase.get().boardEntries.increment();
		if ("STOP_STARTED".equals(entry.path("type").asString(""))) {
			StopRecord r = byCommandId.get(entry.path("commandId").asString(""));
			if (r != null && r.phase.measured) {
				r.phase.boardStops.add(now - r.sent);
			}
		}
	}

	@Override
	public void close() {
		sessions.forEach(StationSession::close);
	}
}
