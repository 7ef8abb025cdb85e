package org.andon.log;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends entries to the log for one group commit, holding the lock on the log head. Obtained from
 * {@link EventLog#lock(RowWrites)}; the entries go to the database with the batch's other rows when it is flushed,
 * and the head row is moved once for the whole batch.
 */
public final class LogAppender {

	static final String INSERT = "insert into event_log (seq, occurred_at, line_id, station_id, actor, command_id, "
			+ "type, part_serial, payload, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private final RowWrites writes;
	private final JsonMapper json;
	private final long lockedSeq;
	private final long knownSeq;
	private long lastSeq;
	private String lastHash;
	private final List<LoggedEvent> appended = new ArrayList<>();

	LogAppender(RowWrites writes, JsonMapper json, long lockedSeq, String lockedHash, long knownSeq) {
		this.writes = writes;
		this.json = json;
		this.lockedSeq = lockedSeq;
		this.knownSeq = knownSeq;
		this.lastSeq = lockedSeq;
		this.lastHash = lockedHash;
	}

	/**
	 * Appends one entry with the next sequence number. {@code data} becomes the JSON payload in insertion order
	 * (use a LinkedHashMap or Map.of for fixed keys).
	 */
	public LoggedEvent append(Instant at, String lineId, String stationId, String actor, String commandId,
			String type, String partSerial, Map<String, ?> data) {
		Instant when = at.truncatedTo(ChronoUnit.MICROS);
		JsonNode tree = json.valueToTree(data);
		String payload = json.writeValueAsString(tree);
		LogEntry entry = new LogEntry(lastSeq + 1, when, lineId, stationId, actor, commandId, type, partSerial,
				payload, lastHash);
		writes.append(INSERT, entry.seq(), RowWrites.time(when), lineId, stationId, actor, commandId, type,
				partSerial, payload, entry.prevHash(), entry.hash());
		lastSeq = entry.seq();
		lastHash = entry.hash();
		LoggedEvent event = new LoggedEvent(entry.seq(), when, lineId, stationId, actor, commandId, type, partSerial,
				tree);
		appended.add(event);
		return event;
	}

	/** The writes of this group commit, for the rows a feature keeps beside the log. */
	public RowWrites writes() {
		return writes;
	}

	/** The sequence number of the last entry written, by anyone, including this appender. */
	public long lastSeq() {
		return lastSeq;
	}

	String lastHash() {
		return lastHash;
	}

	/**
	 * Whether another writer (a second node on the same database) appended since this node last wrote or read
	 * the log: its state in memory is then behind and must catch up before any command is checked against it.
	 */
	public boolean behind() {
		return knownSeq != lockedSeq;
	}

	/** The last sequence number this node's memory is known to reflect, -1 when it knows nothing. */
	public long knownSeq() {
		return knownSeq;
	}

	/** How many entries were appended so far. */
	public int size() {
		return appended.size();
	}

	/** Everything appended through this appender, in order (a read-only view). */
	public List<LoggedEvent> appended() {
		return Collections.unmodifiableList(appended);
	}

	/** Queues the move of the head row, if anything was appended. Called once, just before the flush. */
	void finish() {
		if (lastSeq != lockedSeq) {
			writes.append("update log_head set last_seq = ?, last_hash = ? where id = 1", lastSeq, lastHash);
		}
	}
}
