package org.andon.command;

import org.andon.log.LoggedEvent;
import org.andon.protocol.ErrorCode;
import org.andon.protocol.Refusal;

/** What handling a command wrote: its first log entry, and a refusal when the entry records a blocked attempt. */
public record Handled(LoggedEvent first, Refusal blocked) {

	public static Handled accepted(LoggedEvent first) {
		return new Handled(first, null);
	}

	public static Handled blocked(LoggedEvent logged, ErrorCode code, String message) {
		return new Handled(logged, new Refusal(code, message));
	}
}
