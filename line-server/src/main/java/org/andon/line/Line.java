package org.andon.line;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A production line: its stations in a directed acyclic graph where every edge runs from a supplier to its direct
 * internal customer. Feeder sub-lines merge where a station has several suppliers.
 */
public final class Line {

	private final String id;
	private final String name;
	private final double costPerMinute;
	private final Map<String, Station> stations;
	private final Map<String, List<String>> customers;
	private final Map<String, List<String>> suppliers;
	private final Map<String, DefectCode> defectCodes;
	private final EscalationPolicy escalation;
	private final Roster roster;
	private final Map<CallType, CallRoute> callRoutes;
	private final Containment containment;
	private final QualityRestart qualityRestart;

	Line(String id, String name, double costPerMinute, Map<String, Station> stations,
			Map<String, List<String>> customers, Map<String, List<String>> suppliers,
			Map<String, DefectCode> defectCodes, EscalationPolicy escalation, Roster roster,
			Map<CallType, CallRoute> callRoutes, Containment containment, QualityRestart qualityRestart) {
		this.callRoutes = callRoutes;
		this.containment = containment;
		this.qualityRestart = qualityRestart;
		this.escalation = escalation;
		this.roster = roster;
		this.id = id;
		this.name = name;
		this.costPerMinute = costPerMinute;
		this.stations = Collections.unmodifiableMap(new LinkedHashMap<>(stations));
		this.customers = customers;
		this.suppliers = suppliers;
		this.defectCodes = Collections.unmodifiableMap(new LinkedHashMap<>(defectCodes));
	}

	public String id() {
		return id;
	}

	public String name() {
		return name;
	}

	/** Who is paged, how, and when, when this line calls for help. */
	public EscalationPolicy escalation() {
		return escalation;
	}

	/** How a call of each type is routed on this line (every type has a route). */
	public Map<CallType, CallRoute> callRoutes() {
		return callRoutes;
	}

	public CallRoute route(CallType type) {
		return callRoutes.get(type);
	}

	/** How a defect traced to its origin is contained on this line: suspect window, hold time, who is paged. */
	public Containment containment() {
		return containment;
	}

	/** Who signs off before a quality stop on this line resumes. */
	public QualityRestart qualityRestart() {
		return qualityRestart;
	}

	/**
	 * The line's takt as its slowest station sets it: a minute stopped costs {@code 60 / taktSeconds} parts that
	 * were not made.
	 */
	public double taktSeconds() {
		return stations.values().stream().mapToDouble(s -> s.cycleTime().toMillis() / 1000.0).max().orElse(60);
	}

	public Roster roster() {
		return roster;
	}

	public double costPerMinute() {
		return costPerMinute;
	}

	/** Stations in the order the topology file lists them. */
	public List<Station> stations() {
		return List.copyOf(stations.values());
	}

	public Optional<Station> station(String stationId) {
		return Optional.ofNullable(stations.get(stationId));
	}

	public boolean has(String stationId) {
		return stations.containsKey(stationId);
	}

	/** Direct internal customers of a station (where it passes parts). */
	public List<String> customersOf(String stationId) {
		return customers.getOrDefault(stationId, List.of());
	}

	/** Direct suppliers of a station (who pass parts to it). An entry station has none. */
	public List<String> suppliersOf(String stationId) {
		return suppliers.getOrDefault(stationId, List.of());
	}

	public boolean isEntry(String stationId) {
		return suppliersOf(stationId).isEmpty();
	}

	/** Every station reachable downstream of the given one, nearest first; the station itself is not included. */
	public Set<String> downstreamOf(String stationId) {
		return reach(stationId, customers);
	}

	/** Every station upstream of the given one (its suppliers, their suppliers, ...), nearest first. */
	public Set<String> upstreamOf(String stationId) {
		return reach(stationId, suppliers);
	}

	public Optional<DefectCode> defectCode(String code) {
		return Optional.ofNullable(defectCodes.get(code));
	}

	public List<DefectCode> defectCodes() {
		return List.copyOf(defectCodes.values());
	}

	/** Edges as supplier to customer pairs. */
	public List<Edge> edges() {
		return customers.entrySet().stream()
			.flatMap(e -> e.getValue().stream().map(to -> new Edge(e.getKey(), to)))
			.toList();
	}

	private static Set<String> reach(String from, Map<String, List<String>> next) {
		Set<String> seen = new LinkedHashSet<>();
		Deque<String> todo = new ArrayDeque<>(next.getOrDefault(from, List.of()));
		while (!todo.isEmpty()) {
			String s = todo.removeFirst();
			if (seen.add(s)) {
				todo.addAll(next.getOrDefault(s, List.of()));
			}
		}
		return seen;
	}

	/** One supplier-to-customer link. */
	public record Edge(String from, String to) {
	}
}
