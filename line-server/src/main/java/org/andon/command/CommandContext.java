package org.andon.command;

import java.time.Instant;
import java.util.Map;

import org.andon.line.Line;
import org.andon.log.LogAppender;
import org.andon.log.LoggedEvent;
import org.andon.protocol.CommandRequest;

/** One command being handled inside a group-commit transaction, with the log locked for it. */
public record CommandContext(Actor actor, CommandRequest request, Line line, Instant now, LogAppender log) {

	/** The station the command is about (the sender's own station, or the one a lead acts for). */
	public String stationId() {
		return request.stationId();
	}

	/** A log payload from key/value pairs, in the order given; null values are kept so entries of a type match. */
	public static Map<String, Object> data(Object... kv) {
		Map<String, Object> m = new java.util.LinkedHashMap<>();
		for (int i = 0; i < kv.length; i += 2) {
			m.put((String) kv[i], kv[i + 1]);
		}
		return m;
	}

	/** The same command on the given line (for commands that name a stop rather than a station). */
	public CommandContext on(Line other) {
		return new CommandContext(actor, request, other, now, log);
	}

	/** Appends an entry for this command at its station. */
	public LoggedEvent append(String type, String partSerial, Map<String, ?> data) {
		return append(type, request.stationId(), partSerial, data);
	}

	/** Appends an entry for this command about another station of the line (a state change it caused). */
	public LoggedEvent append(String type, String stationId, String partSerial, Map<String, ?> data) {
		return log.append(now, line.id(), stationId, actor.name(), request.commandId(), type, partSerial, data);
	}
}
