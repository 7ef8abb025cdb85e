package org.andon.quality;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The andon calls of a line opened in a period, by station and by the team that served them. Reads the incident
 * table and two documented log payloads: the team a call was routed to is the {@code team} of its
 * {@code INCIDENT_OPENED} entry (so a later change of routing does not rewrite history), and whether a call's stop was
 * automatic is the {@code automatic} of the {@code STOP_STARTED} entry the incident names.
 */
@Component
class CallScores {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** One call as the review needs it. */
	record Call(String stationId, String type, String team, boolean contained, boolean stopped, boolean automatic,
			boolean resolved, Double secondsToAcknowledge, Double secondsToContain) {
	}

	private final JdbcTemplate jdbc;

	CallScores(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional(readOnly = true)
	List<Call> of(String lineId, Period period) {
		List<Call> calls = new ArrayList<>();
		jdbc.query("select i.station_id, i.call_type, i.status, i.contained, i.stop_id, i.opened_at,"
				+ " i.acknowledged_at, i.resolved_at, o.payload opened, s.payload stop from incident i"
				+ " left join event_log o on o.seq = i.id left join event_log s on s.seq = i.stop_id"
				+ " where i.line_id = ? and i.kind = 'CALL'" + period.on("i.opened_at") + " order by i.id", rs -> {
					Instant opened = Sql.instant(rs, "opened_at");
					boolean contained = rs.getBoolean("contained");
					boolean stopped = rs.getObject("stop_id") != null;
					calls.add(new Call(rs.getString("station_id"), rs.getString("call_type"),
							text(field(rs.getString("opened"), "team")), contained, stopped,
							stopped && field(rs.getString("stop"), "automatic").asBoolean(false),
							"RESOLVED".equals(rs.getString("status")),
							seconds(opened, Sql.instant(rs, "acknowledged_at")),
							contained ? seconds(opened, Sql.instant(rs, "resolved_at")) : null));
				}, Sql.args(lineId, period.args()));
		return calls;
	}

	/** The calls of each station; stations without calls are not in the map. */
	static Map<String, StationCalls> byStation(List<Call> calls) {
		Map<String, StationCalls> out = new HashMap<>();
		calls.stream().collect(Collectors.groupingBy(Call::stationId)).forEach((station, list) -> {
			long contained = count(list, Call::contained);
			long stopped = count(list, Call::stopped);
			long automatic = count(list, Call::automatic);
			long open = count(list, c -> !c.resolved() && !c.stopped());
			Map<String, Long> byType = new TreeMap<>(list.stream()
				.collect(Collectors.groupingBy(Call::type, Collectors.counting())));
			out.put(station, new StationCalls(list.size(), byType, contained, stopped, automatic, stopped - automatic,
					open, list.size() - contained - stopped - open, stopped / (double) list.size(), byTeam(list)));
		});
		return out;
	}

	/** Response times per team, by team name; the calls of no team (the line's own chain) come last. */
	static List<TeamResponse> byTeam(List<Call> calls) {
		Map<String, List<Call>> teams = new TreeMap<>(Comparator.nullsLast(Comparator.naturalOrder()));
		calls.forEach(c -> teams.computeIfAbsent(c.team(), k -> new ArrayList<>()).add(c));
		List<TeamResponse> out = new ArrayList<>();
		teams.forEach((team, list) -> {
			double[] ack = sorted(list, Call::secondsToAcknowledge);
			double[] contain = sorted(list, Call::secondsToContain);
			out.add(new TeamResponse(team, list.size(), ack.length, median(ack), percentile(ack, 0.9), max(ack),
					contain.length, median(contain), percentile(contain, 0.9), max(contain)));
		});
		return out;
	}

	private static long count(List<Call> calls, java.util.function.Predicate<Call> which) {
		return calls.stream().filter(which).count();
	}

	private static double[] sorted(List<Call> calls, Function<Call, Double> figure) {
		return calls.stream().map(figure).filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).sorted()
			.toArray();
	}

	/** The middle value; for an even count the mean of the two middle ones. */
	static Double median(double[] sorted) {
		if (sorted.length == 0) {
			return null;
		}
		int mid = sorted.length / 2;
		return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
	}

	/** Nearest rank: the smallest value with at least {@code p} of the values at or below it. */
	static Double percentile(double[] sorted, double p) {
		if (sorted.length == 0) {
			return null;
		}
		return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
	}

	private static Double max(double[] sorted) {
		return sorted.length == 0 ? null : sorted[sorted.length - 1];
	}

	private static Double seconds(Instant from, Instant to) {
		return to == null ? null : Math.max(0, Duration.between(from, to).toMillis()) / 1000.0;
	}

	/** A field of a log payload; a missing node when the payload or the field is absent. */
	private static JsonNode field(String payload, String name) {
		return payload == null ? JSON.missingNode() : JSON.readTree(payload).path(name);
	}

	private static String text(JsonNode n) {
		return n.isMissingNode() || n.isNull() ? null : n.asString();
	}
}
