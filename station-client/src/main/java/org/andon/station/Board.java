package org.andon.station;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * The station as this client knows it, built from snapshots, pushes and results. State and stops come from the
 * server (a snapshot replaces them). So do the parts held and expected and the customers' stops when the snapshot
 * carries them ({@code atStation}, {@code incoming}, {@code customerStops}); between snapshots, and from a server
 * whose snapshot lacks them, they are the client's own bookkeeping from pushes and results. Used only on the
 * client's thread.
 */
final class Board {

	private final String stationId;
	String name;
	String lineId;
	StationState state = StationState.UNKNOWN;
	Instant since;
	final Map<Long, Stop> stops = new LinkedHashMap<>();
	final Map<Long, Stop> customerStops = new LinkedHashMap<>();
	final Map<Long, Call> calls = new LinkedHashMap<>();
	private final Set<Long> closedCalls = new HashSet<>();
	final Set<String> held = new LinkedHashSet<>();
	final Set<String> incoming = new LinkedHashSet<>();
	final Map<String, String> openDefects = new LinkedHashMap<>();
	/** Parts here or on their way that are on hold, with why (the defect that made them suspect). */
	final Map<String, String> onHold = new LinkedHashMap<>();
	List<DefectCode> defectCodes = List.of();
	List<String> customers = List.of();
	private final Set<Long> ended = new HashSet<>();
	/** The log position of the last snapshot that carried parts and customers' stops; -1: none yet. */
	private long snapshotSeq = -1;
	/** The highest seq of an accepted part command's result: a snapshot older than that would take it back. */
	private long partResultSeq = -1;

	Board(String stationId) {
		this.stationId = stationId;
		this.name = stationId;
	}

	/**
	 * Replaces state and stops with a STATE snapshot's view, and the parts and customers' stops if it carries them.
	 * {@code seq} is the log position the view is current to. Returns the state before.
	 */
	StationState applySnapshot(JsonNode view, long seq) {
		StationState before = state;
		name = text(view, "name", name);
		lineId = text(view, "lineId", lineId);
		state = stateOf(text(view, "state", null));
		String sinceText = text(view, "since", null);
		since = sinceText == null ? null : Instant.parse(sinceText);
		stops.clear();
		for (JsonNode s : view.path("stops")) {
			if (s.path("endedAt").isNull() || s.path("endedAt").isMissingNode()) {
				Stop stop = new Stop(s.path("id").asLong(), text(s, "stationId", null), text(s, "reason", null),
						text(s, "defectCode", null), text(s, "note", null), instant(s, "startedAt"),
						text(s, "startedBy", null));
				stops.put(stop.stopId(), stop);
			}
		}
		if (view.has("calls")) {
			calls.clear();
			for (JsonNode c : view.path("calls")) {
				Call call = new Call(c.path("incidentId").asLong(), text(c, "callType", null), instant(c, "openedAt"),
						instant(c, "autoStopAt"));
				calls.put(call.callId(), call);
			}
		}
		JsonNode codes = view.path("defectCodes");
		if (codes.isArray()) {
			List<DefectCode> list = new ArrayList<>();
			codes.forEach(c -> list.add(c.isObject() ? new DefectCode(c.path("code").asString(), text(c, "description",
					null)) : new DefectCode(c.asString(), null)));
			defectCodes = List.copyOf(list);
		}
		JsonNode cs = view.path("customers");
		if (cs.isArray()) {
			List<String> list = new ArrayList<>();
			cs.forEach(c -> list.add(c.asString()));
			customers = List.copyOf(list);
		}
		if (view.path("atStation").isArray() && view.path("incoming").isArray() && seq >= partResultSeq) {
			held.clear();
			openDefects.clear();
			incoming.clear();
			for (JsonNode part : view.path("atStation")) {
				String serial = part.path("partSerial").asString();
				held.add(serial);
				List<String> open = new ArrayList<>();
				part.path("openDefects").forEach(d -> open.add(d.path("code").asString()));
				if (!open.isEmpty()) {
					openDefects.put(serial, String.join(", ", open));
				}
			}
			view.path("incoming").forEach(part -> incoming.add(part.path("partSerial").asString()));
			if (view.path("holds").isArray()) {
				onHold.clear();
				view.path("holds").forEach(h -> onHold.put(h.path("partSerial").asString(), why(h)));
			}
			if (view.path("customerStops").isArray()) {
				customerStops.clear();
				for (JsonNode s : view.path("customerStops")) {
					Stop stop = new Stop(s.path("id").asLong(), text(s, "stationId", null), text(s, "reason", null),
							text(s, "defectCode", null), text(s, "note", null), instant(s, "startedAt"),
							text(s, "startedBy", null));
					customerStops.put(stop.stopId(), stop);
				}
			}
			snapshotSeq = Math.max(snapshotSeq, seq);
		}
		return before;
	}

	/** Applies a push; {@code current} is false for a push older than the snapshot state already reflects. */
	void applyPush(StationPush p, boolean current) {
		// What a parts-carrying snapshot at or after this push shows already includes it (or what came after it).
		boolean inSnapshot = p.seq() <= snapshotSeq;
		switch (p.type()) {
			case StationPush.HALT -> {
				if (current) {
					Stop stop = stop(p.data());
					stops.put(stop.stopId(), stop);
				}
			}
			case StationPush.RESUME -> {
				long id = p.data().path("stopId").asLong();
				ended.add(id);
				if (current) {
					stops.remove(id);
				}
			}
			// An older snapshot may not carry customers' stops, so missed ones are replayed whatever their age.
			case StationPush.CUSTOMER_STOPPED -> {
				Stop stop = stop(p.data());
				if (!ended.contains(stop.stopId()) && !inSnapshot) {
					customerStops.put(stop.stopId(), stop);
				}
			}
			case StationPush.CUSTOMER_RESUMED -> {
				long id = p.data().path("stopId").asLong();
				ended.add(id);
				customerStops.remove(id);
			}
			case StationPush.STATE -> {
				if (current) {
					state = stateOf(p.text("to"));
					since = p.at();
					call(p);
					if (state == StationState.RUNNING) {
						// RUNNING means no call holds the station (an open one would make it CALLING). The server
						// closes a call whose stop is resumed without a push naming the call.
						closedCalls.addAll(calls.keySet());
						calls.clear();
					}
					long stopId = p.data().path("stopId").asLong();
					Stop known = stops.get(stopId);
					if (state == StationState.STOPPED && known == null && !ended.contains(stopId)) {
						// The stopping station gets no HALT; a stop it did not pull here came from one of its calls.
						Call call = "CALLING".equals(p.text("from")) && !calls.isEmpty()
								? List.copyOf(calls.values()).get(calls.size() - 1) : null;
						stops.put(stopId, new Stop(stopId, stationId, call == null ? null : call.callType(), null,
								call == null ? null : "call " + call.callId() + " was not contained in time", p.at(),
								null));
					}
					else if (state == StationState.STOPPED && known != null && stationId.equals(known.stoppedStation())) {
						// The server's time of the stop, as boards and the lead see it.
						stops.put(stopId, new Stop(stopId, stationId, known.reason(), known.defectCode(), known.note(),
								p.at(), known.startedBy()));
					}
				}
			}
			case StationPush.PART_INCOMING -> {
				if (p.partSerial() != null && !inSnapshot) {
					incoming.add(p.partSerial());
				}
			}
			case StationPush.PART_HELD -> {
				if (p.partSerial() != null && !inSnapshot) {
					onHold.put(p.partSerial(), why(p.data()));
				}
			}
			case StationPush.HOLD_RELEASED, StationPush.HOLD_CONFIRMED -> {
				if (p.partSerial() != null) {
					onHold.remove(p.partSerial());
				}
			}
			case StationPush.PART_REJECTED -> {
				if (p.partSerial() != null && !inSnapshot) {
					held.add(p.partSerial());
					openDefects.merge(p.partSerial(), p.text("defectCode"),
							(was, code) -> was == null ? code : was + ", " + code);
				}
			}
			default -> {
			}
		}
	}

	/** Updates the parts (and this station's own stop) from a command's result. */
	void applyResult(Command c, CommandResult r, Instant issuedAt) {
		String serial = c.partSerial();
		if (serial != null && r.seq() != null && c.type() != CommandType.STOP && c.type() != CommandType.CALL) {
			if (r.seq() <= snapshotSeq) {
				// A late or repeated result of a command the snapshot already reflects (the part may have moved on).
				return;
			}
			if (r.accepted()) {
				partResultSeq = Math.max(partResultSeq, r.seq());
			}
		}
		if (!r.accepted()) {
			if ("PART_NOT_AT_STATION".equals(r.code()) || "UNKNOWN_PART".equals(r.code())) {
				held.remove(serial);
				openDefects.remove(serial);
			}
			if ("NO_PENDING_HAND_OFF".equals(r.code())) {
				incoming.remove(serial);
			}
			return;
		}
		switch (c.type()) {
			case RECEIVE -> held.add(serial);
			case ACCEPT -> {
				incoming.remove(serial);
				held.add(serial);
			}
			case REJECT -> incoming.remove(serial);
			case REPORT_DEFECT -> {
				held.add(serial);
				openDefects.merge(serial, c.defectCode(), (was, code) -> was == null ? code : was + ", " + code);
			}
			case CLEAR_DEFECT -> {
				openDefects.remove(serial);
				if (c.resolution() == Resolution.SCRAPPED) {
					held.remove(serial);
				}
			}
			case PASS -> {
				held.remove(serial);
				openDefects.remove(serial);
			}
			case CALL -> {
				if (r.seq() != null && !closedCalls.contains(r.seq()) && !calls.containsKey(r.seq()) && !r.duplicate()) {
					calls.put(r.seq(), new Call(r.seq(), c.callType().name(), issuedAt, null));
				}
			}
			case STOP -> {
				if (r.seq() != null && !ended.contains(r.seq()) && (!r.duplicate() || stops.containsKey(r.seq()))) {
					stops.put(r.seq(), new Stop(r.seq(), stationId, c.reason().name(), c.defectCode(), c.note(),
							issuedAt, stationId));
				}
			}
		}
	}

	/** A STATE push names the call it opened (callId with callType) or closed (callId alone). */
	private void call(StationPush p) {
		JsonNode d = p.data();
		if (!d.hasNonNull("callId")) {
			return;
		}
		long id = d.get("callId").asLong();
		if (d.has("callType")) {
			if (!closedCalls.contains(id)) {
				calls.put(id, new Call(id, p.text("callType"), p.at(), instant(d, "autoStopAt")));
			}
		}
		else {
			closedCalls.add(id);
			calls.remove(id);
		}
	}

	private static Stop stop(JsonNode d) {
		return new Stop(d.path("stopId").asLong(), text(d, "stoppedStation", null), text(d, "reason", null),
				text(d, "defectCode", null), text(d, "note", null), instant(d, "startedAt"),
				text(d, "startedBy", null));
	}

	static StationState stateOf(String text) {
		if (text == null) {
			return StationState.UNKNOWN;
		}
		try {
			return StationState.valueOf(text);
		}
		catch (IllegalArgumentException ex) {
			return StationState.UNKNOWN;
		}
	}

	private static String text(JsonNode n, String field, String otherwise) {
		JsonNode v = n.get(field);
		return v == null || v.isNull() ? otherwise : v.asString();
	}

	private static Instant instant(JsonNode n, String field) {
		String t = text(n, field, null);
		return t == null ? null : Instant.parse(t);
	}

	/** Why a part is on hold, in a few words: "WELD-POROSITY on W-4, made at WELD". */
	private static String why(JsonNode hold) {
		return text(hold, "defectCode", "?") + " on " + text(hold, "defectSerial", "?") + ", made at "
				+ text(hold, "origin", "?");
	}
}
