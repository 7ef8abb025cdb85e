package org.andon.messaging;

import java.time.Instant;
import java.util.List;

import org.andon.handoff.StationParts;
import org.andon.line.DefectCode;
import org.andon.line.Line;
import org.andon.line.Topology;
import org.andon.protocol.StationState;
import org.andon.stop.CallView;
import org.andon.stop.LineStates;
import org.andon.stop.StopView;
import org.andon.stop.StationView;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Sends a station its current state (a STATE push carrying the snapshot) on one session. */
@Component
class StationSnapshots {

	private final LineStates states;
	private final StationParts parts;
	private final Topology topology;
	private final SimpMessagingTemplate template;
	private final TransactionTemplate readOnly;

	/** The template is lazy: the broker configuration that creates it needs this class (through the sign-in). */
	StationSnapshots(LineStates states, StationParts parts, Topology topology, @Lazy SimpMessagingTemplate template,
			PlatformTransactionManager txManager) {
		this.states = states;
		this.parts = parts;
		this.topology = topology;
		this.template = template;
		this.readOnly = new TransactionTemplate(txManager);
		this.readOnly.setReadOnly(true);
	}

	/**
	 * A station's state with what its terminal needs to act: the line's defect codes to pick from, the station's
	 * direct customers and suppliers, the parts on their way to it and those it holds, and the stops at its customers.
	 * The fields after {@code suppliers} came later; clients that do not know them ignore them.
	 */
	record Snapshot(String stationId, String name, String lineId, StationState state, Instant since,
			List<StopView> stops, List<CallView> calls, long seq, List<DefectCode> defectCodes,
			List<String> customers, List<String> suppliers, List<StationParts.Incoming> incoming,
			List<StationParts.Held> atStation, List<StopView> customerStops, List<StationParts.OnHold> holds) {
	}

	/**
	 * Reads state, stops, calls and parts in one read-only transaction. {@code seq} is read first, so the view is
	 * current to at least that position: a push after it that the station also gets may repeat what the view shows
	 * (a part already listed as incoming), never leave out what happened before it.
	 */
	StationPush snapshot(String stationId) {
		Snapshot snapshot = readOnly.execute(tx -> {
			StationView view = states.station(stationId);
			Line line = topology.lineOf(stationId);
			return new Snapshot(view.stationId(), view.name(), view.lineId(), view.state(), view.since(),
					view.stops(), view.calls(), view.seq(), line.defectCodes(), line.customersOf(stationId),
					line.suppliersOf(stationId), parts.incoming(line.id(), stationId),
					parts.held(line.id(), stationId), states.customerStops(stationId), parts.holds(line.id(), stationId));
		});
		return new StationPush("STATE", snapshot.seq(), snapshot.since(), stationId, null, snapshot);
	}

	void sendState(String stationId, String sessionId) {
		template.convertAndSendToUser(stationId, "/queue/station", snapshot(stationId),
				UserQueues.toSession(sessionId));
	}
}
