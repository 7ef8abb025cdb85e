package org.andon.log;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import tools.jackson.databind.json.JsonMapper;

import org.andon.protocol.CommandResult;
import org.andon.protocol.ErrorCode;
import org.andon.protocol.Refusal;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The published API of the event log: append under lock (plain JDBC, in the group commit's batches), read in order,
 * remember command results (recent ones in memory, the rest read once per batch), verify.
 */
@Service
public class EventLog {

	private final LogRepository entries;
	private final LogHeadRepository heads;
	private final JdbcTemplate jdbc;
	private final JsonMapper json;
	private final LogCheckpoints checkpoints;
	/** Results of recent command ids, for repeats (a station replaying its outbox): the writer's thread only. */
	private final Map<String, Recorded> recent;
	/** The last sequence number the writer's memory reflects; -1 until it is built. The writer's thread only. */
	private long knownSeq = -1;

	EventLog(LogRepository entries, LogHeadRepository heads, JdbcTemplate jdbc, JsonMapper json,
			@Value("${andon.log.remembered-commands:100000}") int remembered, LogCheckpoints checkpoints) {
		this.checkpoints = checkpoints;
		this.entries = entries;
		this.heads = heads;
		this.jdbc = jdbc;
		this.json = json;
		this.recent = new LinkedHashMap<>(1024, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Recorded> eldest) {
				return size() > remembered;
			}
		};
	}

	/**
	 * Locks the log head for the current transaction (SELECT ... FOR UPDATE on its one row: what keeps the sequence
	 * gap-free across threads and server nodes) and returns the group commit's appender. Call inside a transaction.
	 */
	@Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
	public LogAppender lock(RowWrites writes) {
		Object[] head = jdbc.queryForObject("select last_seq, last_hash from log_head where id = 1 for update",
				(rs, n) -> new Object[] { rs.getLong(1), rs.getString(2) });
		return new LogAppender(writes, json, (Long) head[0], (String) head[1], knownSeq);
	}

	/** The lines that have entries after {@code seq}: what another node wrote since this one last looked. */
	@Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
	public java.util.Set<String> linesWrittenAfter(long seq) {
		return new java.util.HashSet<>(jdbc.queryForList("select distinct line_id from event_log where seq > ?",
				String.class, seq));
	}

	/** Sends the group commit's head move with its other rows. Call once, after the last append. */
	public void flush(LogAppender appender) {
		appender.finish();
		appender.writes().flush();
	}

	/** The group commit is durable: this node's memory now reflects the log up to its last entry. */
	public void committed(LogAppender appender) {
		knownSeq = appender.lastSeq();
	}

	/** This node's memory reflects the log up to {@code seq} (it was just rebuilt from the tables under the lock). */
	public void caughtUp(long seq) {
		knownSeq = seq;
	}

	/**
	 * A group commit failed: what the writer holds in memory may include its uncommitted changes, so the next batch
	 * rebuilds it, and remembered command results are read again from the database.
	 */
	public void forget() {
		knownSeq = -1;
		recent.clear();
	}

	/** The last committed sequence number (0 for an empty log). */
	@Transactional(readOnly = true)
	public long lastSeq() {
		return heads.head().map(LogHead::lastSeq).orElse(0L);
	}

	/** Entries of one line after {@code afterSeq}, in order, at most {@code limit}. */
	@Transactional(readOnly = true)
	public List<LoggedEvent> since(String lineId, long afterSeq, int limit) {
		return entries.findByLineIdAndSeqGreaterThanOrderBySeq(lineId, afterSeq, Limit.of(limit))
			.stream().map(this::toEvent).toList();
	}

	/** Entries of every line after {@code afterSeq}, in order, at most {@code limit}. */
	@Transactional(readOnly = true)
	public List<LoggedEvent> since(long afterSeq, int limit) {
		return entries.findBySeqGreaterThanOrderBySeq(afterSeq, Limit.of(limit)).stream().map(this::toEvent).toList();
	}

	/** Everything that happened to one part, in order: its trace through the stations. */
	@Transactional(readOnly = true)
	public List<LoggedEvent> part(String lineId, String partSerial) {
		return entries.findByLineIdAndPartSerialOrderBySeq(lineId, partSerial).stream().map(this::toEvent).toList();
	}

	/**
	 * Reads the results of the batch's command ids that are not remembered yet, in one query, so that
	 * {@link #recorded} answers from memory. Call under the log lock, before the batch is handled.
	 */
	@Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
	public void prefetch(java.util.Collection<String> commandIds) {
		List<String> missing = commandIds.stream().filter(id -> !recent.containsKey(id)).distinct().toList();
		for (int from = 0; from < missing.size(); from += 500) {
			List<String> chunk = missing.subList(from, Math.min(missing.size(), from + 500));
			String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
			jdbc.query("select command_id, actor, type, fingerprint, accepted, seq, code, message from command_record "
					+ "where command_id in (" + marks + ")", rs -> {
						String id = rs.getString("command_id");
						long seq = rs.getLong("seq");
						Long s = rs.wasNull() ? null : seq;
						recent.put(id, new Recorded(rs.getString("actor"), rs.getString("type"),
								rs.getString("fingerprint"), rs.getBoolean("accepted") ? CommandResult.accepted(id, s)
										: CommandResult.rejected(id, new Refusal(ErrorCode.valueOf(rs.getString("code")),
												rs.getString("message")), s)));
					}, chunk.toArray());
		}
	}

	/** The result a command id already got, if it was handled before (after {@link #prefetch} for its batch). */
	public Optional<Recorded> recorded(String commandId) {
		return Optional.ofNullable(recent.get(commandId));
	}

	/** Remembers a command's result in the group commit, so a repeat returns it. */
	public void record(RowWrites writes, String actor, String type, String fingerprint, CommandResult result,
			Instant at) {
		writes.append("insert into command_record (command_id, actor, type, fingerprint, accepted, seq, code, "
				+ "message, recorded_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", result.commandId(), actor, type,
				fingerprint, result.status() == CommandResult.Status.ACCEPTED, result.seq(),
				result.code() == null ? null : result.code().name(), result.message(), RowWrites.time(at));
		recent.put(result.commandId(), new Recorded(actor, type, fingerprint, result));
	}

	/**
	 * Walks the whole log in sequence order and names the first entry that does not fit (see {@link LogVerifier}),
	 * then checks it against the signed checkpoints when a checkpoint key is configured ({@link CheckpointCheck}).
	 */
	@Transactional(readOnly = true)
	public Verification verify() {
		List<Checkpoint> signed = checkpoints.signer() == null ? List.of() : checkpoints.all();
		Map<Long, String> hashAt = new java.util.HashMap<>();
		try (Stream<LogEntry> all = entries.streamAll()) {
			Verification chain = LogVerifier.verify(all.iterator(), lastSeq(), CheckpointCheck.seqs(signed), hashAt);
			return checkpoints.signer() == null ? chain
					: CheckpointCheck.check(chain, hashAt, signed, checkpoints.signer());
		}
	}

	/** Signs the current log head now (also done every {@code andon.log.checkpoint.every}); false: nothing signed. */
	public boolean checkpointNow() {
		return checkpoints.checkpoint() != null;
	}

	LoggedEvent toEvent(LogEntry e) {
		return new LoggedEvent(e.seq(), e.occurredAt(), e.lineId(), e.stationId(), e.actor(), e.commandId(),
				e.type(), e.partSerial(), json.readTree(e.payload()));
	}

	/** A command id handled before: who sent it, as what (and a hash of everything it said), and what it got. */
	public record Recorded(String actor, String type, String fingerprint, CommandResult result) {
	}
}
