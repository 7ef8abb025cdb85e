package org.andon.line;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one line: its stations, the edges from each supplier to its direct internal customers (a directed acyclic
 * graph: a cycle is refused with the cycle spelled out), its defect codes, and how it answers problems.
 */
final class LineReader {

	private final TopologyFile file;
	private final ResponseReader responses;

	LineReader(TopologyFile file, ResponseReader responses) {
		this.file = file;
		this.responses = responses;
	}

	/** The line {@code lineId}; its stations are noted in {@code lineOfStation} and {@code stations}. */
	Line read(String lineId, Map<String, Object> l, Map<String, Map<String, Object>> stationDefs,
			Map<String, String> lineOfStation, Map<String, Station> stations) {
		String where = "line '" + lineId + "'";
		Map<String, Station> own = new LinkedHashMap<>();
		for (Object o : file.list(l, "stations", where)) {
			String sid = String.valueOf(o);
			Map<String, Object> def = stationDefs.get(sid);
			if (def == null) {
				throw file.fail(where + " lists unknown station '" + sid + "'");
			}
			String other = lineOfStation.putIfAbsent(sid, lineId);
			if (other != null) {
				throw file.fail("station '" + sid + "' is on two lines ('" + other + "' and '" + lineId + "')");
			}
			String token = file.string(def, "token", "station '" + sid + "'", null);
			if (!TopologyFile.bcrypt(token)) {
				throw file.fail("station '" + sid + "' needs a token given as a BCrypt hash");
			}
			Object cycle = def.getOrDefault("cycleSeconds", 60);
			if (!(cycle instanceof Number c) || c.doubleValue() <= 0) {
				throw file.fail("station '" + sid + "': cycleSeconds must be a positive number");
			}
			Station station = new Station(sid, file.string(def, "name", "station '" + sid + "'", sid), lineId, token,
					java.time.Duration.ofMillis(Math.round(c.doubleValue() * 1000)));
			own.put(sid, station);
			stations.put(sid, station);
		}
		if (own.isEmpty()) {
			throw file.fail(where + " has no stations");
		}
		Map<String, List<String>> customers = new HashMap<>();
		Map<String, List<String>> suppliers = new HashMap<>();
		for (Object o : file.list(l, "edges", where)) {
			Map<String, Object> e = file.map(o, "an edge of " + where);
			String from = file.string(e, "from", "an edge of " + where, null);
			String to = file.string(e, "to", "an edge of " + where, null);
			for (String end : new String[] { from, to }) {
				if (end == null || !own.containsKey(end)) {
					throw file.fail("an edge of " + where + " names unknown station '" + end + "'");
				}
			}
			if (from.equals(to) || customers.getOrDefault(from, List.of()).contains(to)) {
				throw file.fail(from.equals(to) ? "a cycle in " + where + ": " + from + " -> " + to
						: "duplicate edge " + from + " -> " + to + " in " + where);
			}
			customers.computeIfAbsent(from, k -> new ArrayList<>()).add(to);
			suppliers.computeIfAbsent(to, k -> new ArrayList<>()).add(from);
		}
		rejectCycles(where, own.keySet(), customers);

		Map<String, DefectCode> codes = new LinkedHashMap<>();
		for (Object o : file.list(l, "defectCodes", where)) {
			Map<String, Object> d = file.map(o, "a defect code of " + where);
			String code = file.id(d, "defect code");
			String origin = file.string(d, "origin", "defect code '" + code + "'", null);
			if (origin != null && !own.containsKey(origin)) {
				throw file.fail("defect code '" + code + "' names unknown origin station '" + origin + "'");
			}
			String description = file.string(d, "description", "defect code", code);
			if (codes.put(code, new DefectCode(code, description, origin)) != null) {
				throw file.fail("duplicate defect code '" + code + "' in " + where);
			}
		}
		double cost = l.get("costPerMinute") instanceof Number n ? n.doubleValue() : 0.0;
		EscalationPolicy policy = responses.escalation(where, l.get("escalation"), l);
		return new Line(lineId, file.string(l, "name", where, lineId), cost, own, freeze(customers), freeze(suppliers),
				codes, policy, responses.roster(where, l), responses.calls(where, l, policy),
				responses.containment(where, l), responses.qualityRestart(where, l));
	}

	/** Depth-first search with three colours; the message spells out one cycle found. */
	private void rejectCycles(String where, Set<String> nodes, Map<String, List<String>> next) {
		Map<String, Integer> colour = new HashMap<>();
		for (String start : nodes) {
			List<String> path = new ArrayList<>();
			visit(where, start, next, colour, path);
		}
	}

	private void visit(String where, String node, Map<String, List<String>> next, Map<String, Integer> colour,
			List<String> path) {
		int c = colour.getOrDefault(node, 0);
		if (c == 2) {
			return;
		}
		if (c == 1) {
			List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
			cycle.add(node);
			throw file.fail("a cycle in " + where + ": " + String.join(" -> ", cycle));
		}
		colour.put(node, 1);
		path.add(node);
		for (String n : next.getOrDefault(node, List.of())) {
			visit(where, n, next, colour, path);
		}
		path.remove(path.size() - 1);
		colour.put(node, 2);
	}

	private static Map<String, List<String>> freeze(Map<String, List<String>> m) {
		Map<String, List<String>> copy = new HashMap<>();
		m.forEach((k, v) -> copy.put(k, List.copyOf(v)));
		return Map.copyOf(copy);
	}
}
