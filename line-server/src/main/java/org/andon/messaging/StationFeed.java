package org.andon.messaging;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.andon.log.LoggedEvent;

/**
 * What each station must hear about a log entry. One pure function serves both live pushes and catch-up, so a
 * station that reconnects gets exactly the pushes it missed, in the same shape and order as if it had stayed.
 */
final class StationFeed {

	private StationFeed() {
	}

	/** Pushes caused by one entry, at most one per station. */
	static List<Addressed> pushesFor(LoggedEvent e) {
		List<Addressed> out = new ArrayList<>();
		switch (e.type()) {
			case "STOP_STARTED" -> {
				Map<String, Object> stop = stop(e);
				each(e.data().get("halted"), s -> out.add(push(s, "HALT", e, null, stop)));
				each(e.data().get("upstream"), s -> out.add(push(s, "CUSTOMER_STOPPED", e, null, stop)));
			}
			case "STOP_ENDED" -> {
				Map<String, Object> end = new LinkedHashMap<>();
				end.put("stopId", e.data().get("stopId").asLong());
				end.put("stoppedStation", e.stationId());
				end.put("endedBy", e.actor());
				each(e.data().get("released"), s -> out.add(push(s, "RESUME", e, null, end)));
				each(e.data().get("upstream"), s -> out.add(push(s, "CUSTOMER_RESUMED", e, null, end)));
			}
			case "STATION_STATE_CHANGED" -> out.add(push(e.stationId(), "STATE", e, null, e.data()));
			case "HAND_OFF_REJECTED" -> {
				Map<String, Object> d = new LinkedHashMap<>();
				d.put("customer", e.stationId());
				d.put("defectCode", e.text("defectCode"));
				d.put("note", e.text("note"));
				d.put("handOffId", e.data().get("handOffId").asLong());
				out.add(push(e.text("supplier"), "PART_REJECTED", e, e.partSerial(), d));
			}
			case "PART_PASSED" -> out.add(push(e.text("to"), "PART_INCOMING", e, e.partSerial(),
					Map.of("from", e.stationId())));
			case "PART_HELD", "HOLD_RELEASED", "HOLD_CONFIRMED" -> {
				// the station that has the part (or is about to receive it) hears of its hold; a part that left
				// the line has no station to tell
				if (e.stationId() != null) {
					Map<String, Object> d = new LinkedHashMap<>();
					d.put("holdId", e.type().equals("PART_HELD") ? e.seq() : e.data().get("holdId").asLong());
					d.put("containmentId", e.data().get("containmentId").asLong());
					d.put("origin", e.text("origin"));
					d.put("defectCode", e.text("defectCode"));
					d.put("defectSerial", e.text("defectSerial"));
					d.put("by", e.actor());
					d.put("note", e.text("note"));
					out.add(push(e.stationId(), e.type(), e, e.partSerial(), d));
				}
			}
			default -> {
			}
		}
		return out;
	}

	/** The stop named by a STOP_STARTED entry, as a HALT or CUSTOMER_STOPPED push carries it. */
	private static Map<String, Object> stop(LoggedEvent e) {
		Map<String, Object> stop = new LinkedHashMap<>();
		stop.put("stopId", e.seq());
		stop.put("stoppedStation", e.stationId());
		stop.put("reason", e.text("reason"));
		stop.put("defectCode", e.text("defectCode"));
		stop.put("note", e.text("note"));
		stop.put("startedAt", e.occurredAt());
		stop.put("startedBy", e.actor());
		return stop;
	}

	private static Addressed push(String station, String type, LoggedEvent e, String part, Object data) {
		return new Addressed(station, new StationPush(type, e.seq(), e.occurredAt(), station, part, data));
	}

	private static void each(JsonNode array, java.util.function.Consumer<String> action) {
		if (array != null && array.isArray()) {
			array.forEach(n -> action.accept(n.asString()));
		}
	}

	/** A push and the station it goes to. */
	record Addressed(String stationId, StationPush push) {
	}
}
