package org.andon.log;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Appends entries to the log inside the caller's transaction, holding the lock on the log head. Obtained from
 * {@link EventLog#lock()}; valid until that transaction ends.
 */
public final class LogAppender {

	private final LogRepository entries;
	private final LogHead head;
	private final JsonMapper json;
	private final List<LoggedEvent> appended = new ArrayList<>();

	LogAppender(LogRepository entries, LogHead head, JsonMapper json) {
		this.entries = entries;
		this.head = head;
		this.json = json;
	}

	/**
	 * Appends one entry with the next sequence number. {@code data} becomes the JSON payload in insertion order
	 * (use a LinkedHashMap or Map.of for fixed keys).
	 */
	public LoggedEvent append(Instant at, String lineId, String stationId, String actor, String commandId,
			String type, String partSerial, Map<String, ?> data) {
		Instant when = at.truncatedTo(ChronoUnit.MICROS);
		String payload = json.writeValueAsString(data);
		LogEntry entry = new LogEntry(head.lastSeq() + 1, when, lineId, stationId, actor, commandId, type,
				partSerial, payload, head.lastHash());
		entries.save(entry);
		head.advance(entry);
		LoggedEvent event = new LoggedEvent(entry.seq(), when, lineId, stationId, actor, commandId, type, partSerial,
				json.readTree(payload));
		appended.add(event);
		return event;
	}

	/** The sequence number of the last entry written, by anyone, including this appender. */
	public long lastSeq() {
		return head.lastSeq();
	}

	/** Everything appended through this appender, in order. */
	public List<LoggedEvent> appended() {
		return List.copyOf(appended);
	}
}
