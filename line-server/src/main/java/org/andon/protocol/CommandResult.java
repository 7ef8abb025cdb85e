package org.andon.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one result every command gets, on {@code /user/queue/results}, carrying the command's {@code commandId}.
 * ACCEPTED carries the sequence number of the command's first log entry; REJECTED carries a code and a message (and a
 * sequence number only when the refusal itself was logged, as for a blocked pass). {@code duplicate} is true when
 * the commandId had already been handled and this is the original result again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandResult(String commandId, Status status, Long seq, ErrorCode code, String message,
		boolean duplicate) {

	public enum Status {
		ACCEPTED, REJECTED
	}

	public static CommandResult accepted(String commandId, long seq) {
		return new CommandResult(commandId, Status.ACCEPTED, seq, null, null, false);
	}

	public static CommandResult rejected(String commandId, Refusal refusal, Long seq) {
		return new CommandResult(commandId, Status.REJECTED, seq, refusal.code(), refusal.message(), false);
	}

	public CommandResult asDuplicate() {
		return new CommandResult(commandId, status, seq, code, message, true);
	}
}
