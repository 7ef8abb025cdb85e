package org.andon.messaging;

import java.time.Instant;
import java.util.List;

import org.andon.line.DefectCode;
import org.andon.line.Line;
import org.andon.line.Topology;
import org.andon.protocol.StationState;
import org.andon.stop.LineStates;
import org.andon.stop.StopView;
import org.andon.stop.StationView;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;

/** Sends a station its current state (a STATE push carrying the snapshot) on one session. */
@Component
class StationSnapshots {

	private final LineStates states;
	private final Topology topology;
	private final SimpMessagingTemplate template;

	/** The template is lazy: the broker configuration that creates it needs this class (through the sign-in). */
	StationSnapshots(LineStates states, Topology topology, @Lazy SimpMessagingTemplate template) {
		this.states = states;
		this.topology = topology;
		this.template = template;
	}

	/**
	 * A station's state with what its terminal needs to act: the line's defect codes to pick from and the station's
	 * direct customers and suppliers.
	 */
	record Snapshot(String stationId, String name, String lineId, StationState state, Instant since,
			List<StopView> stops, List<org.andon.stop.CallView> calls, long seq, List<DefectCode> defectCodes,
			List<String> customers, List<String> suppliers) {
	}

	StationPush snapshot(String stationId) {
		StationView view = states.station(stationId);
		Line line = topology.lineOf(stationId);
		Snapshot snapshot = new Snapshot(view.stationId(), view.name(), view.lineId(), view.state(), view.since(),
				view.stops(), view.calls(), view.seq(), line.defectCodes(), line.customersOf(stationId),
				line.suppliersOf(stationId));
		return new StationPush("STATE", view.seq(), view.since(), stationId, null, snapshot);
	}

	void sendState(String stationId, String sessionId) {
		template.convertAndSendToUser(stationId, "/queue/station", snapshot(stationId),
				UserQueues.toSession(sessionId));
	}
}
