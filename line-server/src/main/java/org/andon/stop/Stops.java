package org.andon.stop;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.andon.command.CommandContext;
import org.andon.command.WriterMemory;
import org.andon.line.Line;
import org.andon.line.Topology;
import org.andon.log.LoggedEvent;
import org.andon.log.RowWrites;
import org.andon.protocol.CommandRequest;
import org.andon.protocol.ErrorCode;
import org.andon.protocol.Refusal;
import org.andon.protocol.StationState;
import org.andon.protocol.StopReason;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import static org.andon.log.RowWrites.instant;

/**
 * Starting and ending stops, and the station states they cause, inside the command writer. The active stops, the
 * open calls and every station's state are kept in memory (the writer's thread only) and each change is queued as a
 * row of the group commit; the tables ({@code line_stop}, {@code station_call}, {@code station_status}) are what the
 * read side shows and what the memory is rebuilt from. A stop is logged as STOP_STARTED (naming the stations it
 * halts and the suppliers it starves), then one STATION_STATE_CHANGED per station whose state changes; ending it logs
 * STOP_ENDED (naming the stations it releases) and the state changes back.
 */
@Service
public class Stops implements WriterMemory {

	static final RowWrites.Table<LineStop> STOPS = new RowWrites.Table<>(
			"insert into line_stop (id, line_id, station_id, reason, defect_code, note, started_at, started_by, "
					+ "ended_at, ended_by, ended_seq) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			LineStop::row, "update line_stop set ended_at = ?, ended_by = ?, ended_seq = ? where id = ?",
			LineStop::ending, null, null);

	static final RowWrites.Table<StationCall> CALLS = new RowWrites.Table<>(
			"insert into station_call (incident_id, line_id, station_id, call_type, opened_at, auto_stop_at, stop_id) "
					+ "values (?, ?, ?, ?, ?, ?, ?)",
			StationCall::row, "update station_call set auto_stop_at = ?, stop_id = ? where incident_id = ?",
			StationCall::stopping, "delete from station_call where incident_id = ?",
			c -> new Object[] { c.incidentId() });

	static final RowWrites.Table<StationStatus> STATUSES = new RowWrites.Table<>(
			"insert into station_status (station_id, line_id, state, since, since_seq) values (?, ?, ?, ?, ?)",
			StationStatus::row, "update station_status set state = ?, since = ?, since_seq = ? where station_id = ?",
			StationStatus::changing, null, null);

	static final String SIGN_OFF = "insert into stop_sign_off (stop_id, sign_key, signed_by, signed_at, seq, first_piece) "
			+ "values (?, ?, ?, ?, ?, ?)";
	static final String LEAD_KEY = "LEAD";
	static final String QUALITY_KEY = "QUALITY";

	private final Topology topology;
	private final JdbcTemplate jdbc;
	private final FirstPieces firstPieces;
	/** The keys given so far for active quality stops: key to who gave it. */
	private final Map<Long, Map<String, String>> keys = new HashMap<>();
	/** Active stops by id, in the order they started. */
	private final Map<Long, LineStop> active = new LinkedHashMap<>();
	/** Open calls by incident id. */
	private final Map<Long, StationCall> calls = new LinkedHashMap<>();
	/** Stops ended lately, so that a second RESUME is told who ended it without a query. */
	private final Map<Long, LineStop> ended = new LinkedHashMap<>(64, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<Long, LineStop> eldest) {
			return size() > 1000;
		}
	};
	/** Stored station states; a station with none has been RUNNING since the start. */
	private final Map<String, StationStatus> statuses = new HashMap<>();

	Stops(Topology topology, JdbcTemplate jdbc, FirstPieces firstPieces) {
		this.topology = topology;
		this.jdbc = jdbc;
		this.firstPieces = firstPieces;
	}

	@Override
	public void reload(Set<String> lineIds) {
		active.values().removeIf(s -> lineIds == null || lineIds.contains(s.lineId()));
		ended.clear();
		calls.values().removeIf(c -> lineIds == null || lineIds.contains(c.lineId()));
		statuses.values().removeIf(s -> lineIds == null || lineIds.contains(s.lineId()));
		jdbc.query("select id, line_id, station_id, reason, defect_code, note, started_at, started_by from line_stop "
				+ "where ended_at is null order by id", rs -> {
					if (lineIds == null || lineIds.contains(rs.getString("line_id"))) {
						LineStop s = new LineStop(rs.getLong("id"), rs.getString("line_id"),
								rs.getString("station_id"), StopReason.valueOf(rs.getString("reason")),
								rs.getString("defect_code"), rs.getString("note"), instant(rs, "started_at"),
								rs.getString("started_by"));
						active.put(s.id(), s);
					}
				});
		jdbc.query("select incident_id, line_id, station_id, call_type, opened_at, auto_stop_at, stop_id "
				+ "from station_call order by incident_id", rs -> {
					if (lineIds == null || lineIds.contains(rs.getString("line_id"))) {
						long stop = rs.getLong("stop_id");
						Long stopId = rs.wasNull() ? null : stop;
						StationCall c = StationCall.stored(rs.getLong("incident_id"), rs.getString("line_id"),
								rs.getString("station_id"), rs.getString("call_type"), instant(rs, "opened_at"),
								instant(rs, "auto_stop_at"), stopId);
						calls.put(c.incidentId(), c);
					}
				});
		keys.keySet().removeIf(id -> !active.containsKey(id));
		jdbc.query("select k.stop_id, k.sign_key, k.signed_by from stop_sign_off k join line_stop s on s.id = k.stop_id "
				+ "where s.ended_at is null", rs -> {
					if (active.containsKey(rs.getLong(1))) {
						keys.computeIfAbsent(rs.getLong(1), id -> new LinkedHashMap<>()).put(rs.getString(2),
								rs.getString(3));
					}
				});
		jdbc.query("select station_id, line_id, state, since, since_seq from station_status", rs -> {
			if (lineIds == null || lineIds.contains(rs.getString("line_id"))) {
				StationStatus s = StationStatus.stored(rs.getString("station_id"), rs.getString("line_id"),
						StationState.valueOf(rs.getString("state")), instant(rs, "since"), rs.getLong("since_seq"));
				statuses.put(s.stationId(), s);
			}
		});
	}

	/** A station's state as the writer knows it (a station that never changed is RUNNING). */
	public StationState stateOf(String stationId) {
		StationStatus s = statuses.get(stationId);
		return s == null ? StationState.RUNNING : s.state();
	}

	/** Starts the stop the command asks for; returns its STOP_STARTED entry (whose seq is the stop id). */
	public LoggedEvent start(CommandContext ctx) {
		CommandRequest r = ctx.request();
		return start(ctx, r.stationId(), r.reason(), r.defectCode(), r.note(), Map.of());
	}

	/**
	 * Starts a stop at a station of the context's line. {@code origin} is added to the STOP_STARTED entry (for an
	 * automatic stop: the call it came from).
	 */
	public LoggedEvent start(CommandContext ctx, String station, StopReason reason, String defectCode, String note,
			Map<String, Object> origin) {
		Line line = ctx.line();
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("reason", reason.name());
		data.put("defectCode", defectCode);
		data.put("note", note);
		data.put("halted", List.copyOf(line.downstreamOf(station)));
		data.put("upstream", List.copyOf(line.upstreamOf(station)));
		data.putAll(origin);
		LoggedEvent started = ctx.append(StopHandler.STOP_STARTED, station, null, data);
		LineStop stop = new LineStop(started.seq(), line.id(), station, reason, defectCode, note,
				started.occurredAt(), ctx.actor().name());
		active.put(stop.id(), stop);
		ctx.log().writes().inserted(STOPS, stop);
		applyStates(ctx, line, affected(line, station), Map.of("stopId", stop.id()));
		return started;
	}

	/** A call opened at a station: it goes CALLING unless a stop outranks that. */
	public void callOpened(CommandContext ctx, long incidentId, String station, String callType, Instant autoStopAt) {
		StationCall call = new StationCall(incidentId, ctx.line().id(), station, callType, ctx.now(), autoStopAt);
		calls.put(incidentId, call);
		ctx.log().writes().inserted(CALLS, call);
		Map<String, Object> cause = new LinkedHashMap<>();
		cause.put("callId", incidentId);
		cause.put("callType", callType);
		cause.put("autoStopAt", autoStopAt == null ? null : autoStopAt.toString());
		applyStates(ctx, ctx.line(), Set.of(station), cause);
	}

	/** A call turned into a stop: its station shows the stop, and the call closes together with that stop. */
	public void callBecameStop(CommandContext ctx, long incidentId, long stopId) {
		StationCall call = calls.get(incidentId);
		if (call != null) {
			call.becameStop(stopId);
			ctx.log().writes().updated(CALLS, call);
		}
	}

	/** A call closed (contained, or its stop resolved): the station leaves CALLING if no other call holds it. */
	public void callClosed(CommandContext ctx, long incidentId) {
		StationCall call = calls.remove(incidentId);
		if (call != null) {
			ctx.log().writes().deleted(CALLS, call);
			applyStates(ctx, ctx.line(), Set.of(call.stationId()), Map.of("callId", incidentId));
		}
	}

	/**
	 * Gives one key of a quality stop's restart: quality's (a QUALITY sender; with a first piece named where the line
	 * asks for it) or the lead's (LEAD or higher). Logged as STOP_SIGNED_OFF at the stopped station.
	 */
	public LoggedEvent signOff(CommandContext ctx, long stopId) {
		LineStop stop = active.get(stopId);
		if (stop == null) {
			refuseEnded(stopId);
		}
		Line line = topology.line(stop.lineId()).orElseThrow();
		if (!needsTwoKeys(line, stop)) {
			throw Refusal.refuse(ErrorCode.NOT_A_QUALITY_STOP, "stop " + stopId + " is a " + stop.reason() + " stop: it resumes on the lead's key alone (RESUME); only quality stops take two keys");
		}
		String key = ctx.actor().has(org.andon.line.Role.QUALITY) ? QUALITY_KEY : LEAD_KEY;
		Map<String, String> given = keys.getOrDefault(stopId, Map.of());
		if (given.containsKey(key)) {
			throw Refusal.refuse(ErrorCode.ALREADY_SIGNED, "the " + key.toLowerCase() + " key of stop " + stopId
					+ " was already given by " + given.get(key));
		}
		if (given.containsValue(ctx.actor().name())) {
			throw Refusal.refuse(ErrorCode.ALREADY_SIGNED, ctx.actor().name() + " already gave a key of stop " + stopId
					+ "; the two keys are given by two people");
		}
		String firstPiece = ctx.request().partSerial();
		if (key.equals(QUALITY_KEY) && line.qualityRestart().firstPiece()) {
			if (firstPiece == null) {
				throw Refusal.refuse(ErrorCode.FIRST_PIECE_NOT_GOOD, "line " + line.id() + " restarts a quality stop "
						+ "after a first-piece check: name the part checked at " + stop.stationId() + " (partSerial)");
			}
			firstPieces.whyNot(line.id(), stop.stationId(), firstPiece).ifPresent(why -> {
				throw Refusal.refuse(ErrorCode.FIRST_PIECE_NOT_GOOD, "first piece " + firstPiece + " cannot be signed "
						+ "off: " + why);
			});
		}
		CommandContext onLine = ctx.on(line);
		LoggedEvent signed = onLine.append(StopHandler.SIGNED_OFF, stop.stationId(), firstPiece, CommandContext.data(
				"stopId", stopId, "key", key, "firstPiece", firstPiece, "note", ctx.request().note()));
		keys.computeIfAbsent(stopId, id -> new LinkedHashMap<>()).put(key, ctx.actor().name());
		ctx.log().writes().append(SIGN_OFF, stopId, key, ctx.actor().name(), RowWrites.time(signed.occurredAt()),
				signed.seq(), firstPiece);
		return signed;
	}

	/**
	 * Refuses, naming the missing key, to end a quality stop before quality and the lead have both signed off (the
	 * RESUME's sender gives the lead's key). Asked before anything is written.
	 */
	public void checkResumable(CommandContext ctx, long stopId) {
		LineStop stop = active.get(stopId);
		if (stop == null) {
			refuseEnded(stopId);
		}
		Line line = topology.line(stop.lineId()).orElseThrow();
		if (!needsTwoKeys(line, stop)) {
			return;
		}
		Map<String, String> given = keys.getOrDefault(stopId, Map.of());
		if (!given.containsKey(QUALITY_KEY)) {
			throw Refusal.refuse(ErrorCode.SIGN_OFF_MISSING, "stop " + stopId + " at " + stop.stationId()
					+ " is a quality stop: it resumes when the shift lead and quality have both signed off; missing: "
					+ "quality's key (SIGN_OFF by QUALITY" + (line.qualityRestart().firstPiece()
							? ", naming the first piece checked at " + stop.stationId() : "")
					+ ")" + (given.containsKey(LEAD_KEY) ? "; the lead's key was given by " + given.get(LEAD_KEY) : ""));
		}
		if (!given.containsKey(LEAD_KEY) && given.get(QUALITY_KEY).equals(ctx.actor().name())) {
			throw Refusal.refuse(ErrorCode.ALREADY_SIGNED, ctx.actor().name() + " gave quality's key of stop " + stopId
					+ "; the lead's key is given by another person");
		}
	}

	private static boolean needsTwoKeys(Line line, LineStop stop) {
		return line.qualityRestart().twoKeys() && stop.reason() == StopReason.QUALITY;
	}

	/** Ends a stop; refuses an unknown or already ended one, or a quality stop without both keys. */
	public LoggedEvent end(CommandContext ctx, long stopId) {
		checkResumable(ctx, stopId);
		LineStop stop = active.get(stopId);
		Line line = topology.line(stop.lineId()).orElseThrow();
		Map<String, String> given = new LinkedHashMap<>(keys.getOrDefault(stopId, Map.of()));
		boolean leadKeyNow = needsTwoKeys(line, stop) && !given.containsKey(LEAD_KEY);
		if (leadKeyNow) {
			given.put(LEAD_KEY, ctx.actor().name());
		}
		// a call that became this stop ends with it: the station goes straight back to RUNNING, no CALLING flicker
		calls.values().removeIf(c -> {
			boolean ends = c.stopId() != null && c.stopId() == stop.id();
			if (ends) {
				ctx.log().writes().deleted(CALLS, c);
			}
			return ends;
		});
		active.remove(stop.id());
		ended.put(stop.id(), stop);
		CommandContext onLine = ctx.on(line);
		List<LineStop> remaining = activeOn(line);
		List<String> released = new ArrayList<>();
		for (String s : affected(line, stop.stationId())) {
			if (StateRule.stateOf(s, line, remaining, List.of()) == StationState.RUNNING) {
				released.add(s);
			}
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("stopId", stop.id());
		data.put("note", ctx.request().note());
		data.put("released", released);
		data.put("upstream", List.copyOf(line.upstreamOf(stop.stationId())));
		data.put("seconds", Duration.between(stop.view(ctx.now()).startedAt(), ctx.now()).toSeconds());
		if (needsTwoKeys(line, stop)) {
			data.put("keys", given);
		}
		LoggedEvent ended = onLine.append(StopHandler.STOP_ENDED, stop.stationId(), null, data);
		keys.remove(stopId);
		if (leadKeyNow) {
			ctx.log().writes().append(SIGN_OFF, stopId, LEAD_KEY, ctx.actor().name(),
					RowWrites.time(ended.occurredAt()), ended.seq(), null);
		}
		stop.end(ended.occurredAt(), ctx.actor().name(), ended.seq());
		ctx.log().writes().updated(STOPS, stop);
		applyStates(onLine, line, affected(line, stop.stationId()), Map.of("stopId", stop.id()));
		return ended;
	}

	/** An ended stop is not kept in memory: the refusal reads who ended it, when, from the table. */
	private void refuseEnded(long stopId) {
		LineStop recent = ended.get(stopId);
		if (recent != null) {
			recent.checkActive();
		}
		List<Object[]> ended = jdbc.query("select ended_by, ended_at from line_stop where id = ?",
				(rs, n) -> new Object[] { rs.getString(1), instant(rs, "ended_at") }, stopId);
		if (ended.isEmpty()) {
			throw Refusal.refuse(ErrorCode.UNKNOWN_STOP, "there is no stop " + stopId);
		}
		throw Refusal.refuse(ErrorCode.STOP_ALREADY_ENDED, "stop " + stopId + " was already ended by "
				+ ended.get(0)[0] + " at " + ended.get(0)[1]);
	}

	/** Whether a stop exists and is still active. */
	public boolean isActive(long stopId) {
		return active.containsKey(stopId);
	}

	private List<LineStop> activeOn(Line line) {
		return active.values().stream().filter(s -> s.lineId().equals(line.id())).toList();
	}

	private static Set<String> affected(Line line, String station) {
		Set<String> all = new LinkedHashSet<>();
		all.add(station);
		all.addAll(line.downstreamOf(station));
		return all;
	}

	private void applyStates(CommandContext ctx, Line line, Set<String> stations, Map<String, Object> cause) {
		List<LineStop> onLine = activeOn(line);
		List<StationCall> open = calls.values().stream().filter(c -> c.lineId().equals(line.id())).toList();
		for (String s : stations) {
			StationStatus status = statuses.get(s);
			StationState from = status == null ? StationState.RUNNING : status.state();
			StationState to = StateRule.stateOf(s, line, onLine, open);
			if (from != to) {
				Map<String, Object> data = new LinkedHashMap<>();
				data.put("from", from.name());
				data.put("to", to.name());
				data.putAll(cause);
				LoggedEvent changed = ctx.append(StopHandler.STATE_CHANGED, s, null, data);
				if (status == null) {
					status = new StationStatus(s, line.id());
					statuses.put(s, status);
					status.change(to, changed.occurredAt(), changed.seq());
					ctx.log().writes().inserted(STATUSES, status);
				}
				else {
					status.change(to, changed.occurredAt(), changed.seq());
					ctx.log().writes().updated(STATUSES, status);
				}
			}
		}
	}
}
