package org.andon.station;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a station's screen shows, as one immutable picture: the station's state and the stops holding it, the
 * parts it holds and expects, the line's defect codes and the station's customers (from the server's snapshot), the
 * link to the server, and the commands still waiting for their results.
 */
public record StationStatus(String stationId, String name, String lineId, StationState state, Instant since,
		List<Stop> stops, List<Call> calls, List<Stop> customerStops, List<String> partsHeld, List<String> partsIncoming,
		Map<String, String> openDefects, List<DefectCode> defectCodes, List<String> customers, Connection connection,
		List<QueuedCommand> queued, long lastSeenSeq, Map<String, String> onHold) {

	/** A status without holds (a server before containment, or none open): {@code onHold} is empty. */
	public StationStatus(String stationId, String name, String lineId, StationState state, Instant since,
			List<Stop> stops, List<Call> calls, List<Stop> customerStops, List<String> partsHeld,
			List<String> partsIncoming, Map<String, String> openDefects, List<DefectCode> defectCodes,
			List<String> customers, Connection connection, List<QueuedCommand> queued, long lastSeenSeq) {
		this(stationId, name, lineId, state, since, stops, calls, customerStops, partsHeld, partsIncoming, openDefects,
				defectCodes, customers, connection, queued, lastSeenSeq, Map.of());
	}

	/** True while a STOP the worker pulled has not reached the server (it sits in the outbox, the link is down). */
	public boolean stopNotYetSent() {
		return !connection.online() && stopWaiting();
	}

	/** True while a STOP has no result from the server yet, online or not. */
	public boolean stopWaiting() {
		return queued.stream().anyMatch(q -> q.command().type() == CommandType.STOP);
	}

	/** The part the worker is most likely working on: the last one taken, else the last one coming. */
	public String currentPart() {
		if (!partsHeld.isEmpty()) {
			return partsHeld.get(partsHeld.size() - 1);
		}
		return partsIncoming.isEmpty() ? null : partsIncoming.get(partsIncoming.size() - 1);
	}
}
