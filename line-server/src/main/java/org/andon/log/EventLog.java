package org.andon.log;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import tools.jackson.databind.json.JsonMapper;

import org.andon.protocol.CommandResult;
import org.andon.protocol.ErrorCode;
import org.andon.protocol.Refusal;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The published API of the event log: append under lock, read in order, remember command results, verify. */
@Service
public class EventLog {

	private final LogRepository entries;
	private final LogHeadRepository heads;
	private final CommandRecordRepository commands;
	private final JsonMapper json;

	EventLog(LogRepository entries, LogHeadRepository heads, CommandRecordRepository commands, JsonMapper json) {
		this.entries = entries;
		this.heads = heads;
		this.commands = commands;
		this.json = json;
	}

	/** Locks the log head for the current transaction and returns an appender. Call inside a transaction. */
	@Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
	public LogAppender lock() {
		LogHead head = heads.lockHead().orElseThrow(() -> new IllegalStateException("log_head row is missing"));
		return new LogAppender(entries, head, json);
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

	/** The result a command id already got, if it was handled before. */
	@Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
	public Optional<Recorded> recorded(String commandId) {
		return commands.findById(commandId)
			.map(r -> new Recorded(r.actor(), r.type(), r.fingerprint(), r.accepted()
					? CommandResult.accepted(commandId, r.seq())
					: CommandResult.rejected(commandId, new Refusal(ErrorCode.valueOf(r.code()), r.message()),
							r.seq())));
	}

	/** Remembers a command's result in the current transaction, so a repeat returns it. */
	@Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
	public void record(String actor, String type, String fingerprint, CommandResult result, Instant at) {
		commands.save(new CommandRecord(result.commandId(), actor, type, fingerprint,
				result.status() == CommandResult.Status.ACCEPTED, result.seq(),
				result.code() == null ? null : result.code().name(), result.message(), at));
	}

	/** Walks the whole log in sequence order and names the first entry that does not fit (see {@link LogVerifier}). */
	@Transactional(readOnly = true)
	public Verification verify() {
		try (Stream<LogEntry> all = entries.streamAll()) {
			return LogVerifier.verify(all.iterator(), lastSeq());
		}
	}

	LoggedEvent toEvent(LogEntry e) {
		return new LoggedEvent(e.seq(), e.occurredAt(), e.lineId(), e.stationId(), e.actor(), e.commandId(),
				e.type(), e.partSerial(), json.readTree(e.payload()));
	}

	/** A command id handled before: who sent it, as what (and a hash of everything it said), and what it got. */
	public record Recorded(String actor, String type, String fingerprint, CommandResult result) {
	}
}
