package org.andon.line;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The whole plant as loaded from the topology file: lines, stations, people. Immutable. */
public record Topology(String source, String plantName, ZoneId zone, Map<String, Line> lines,
		Map<String, Station> stations, Map<String, Person> people, Map<String, Webhook> webhooks) {

	public Optional<Line> line(String lineId) {
		return Optional.ofNullable(lines.get(lineId));
	}

	public Optional<Station> station(String stationId) {
		return Optional.ofNullable(stations.get(stationId));
	}

	public Optional<Person> person(String username) {
		return Optional.ofNullable(people.get(username));
	}

	/** The line a station belongs to; every station belongs to exactly one (the loader guarantees it). */
	public Line lineOf(String stationId) {
		Station station = stations.get(stationId);
		if (station == null) {
			throw new IllegalArgumentException("unknown station " + stationId);
		}
		return lines.get(station.lineId());
	}

	/** Everyone holding a role, in username order (the fallback when no roster shift names one). */
	public List<Person> withRole(Role role) {
		return people.values().stream().filter(p -> p.has(role))
			.sorted(java.util.Comparator.comparing(Person::username)).toList();
	}

	/** Everyone in a team, in username order (the fallback when no roster shift names one). */
	public List<Person> inTeam(String team) {
		return people.values().stream().filter(p -> p.teams().contains(team))
			.sorted(java.util.Comparator.comparing(Person::username)).toList();
	}

	public List<Line> allLines() {
		return List.copyOf(lines.values());
	}
}
