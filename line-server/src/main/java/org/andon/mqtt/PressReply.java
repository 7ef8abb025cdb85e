package org.andon.mqtt;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.andon.protocol.CommandResult;
import org.andon.protocol.ErrorCode;

/**
 * The answer to a press, on {@code andon/<line>/<station>/result}: the command's result as a STOMP client would get
 * it, with the press and device it answers.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record PressReply(String pressId, String device, String commandId, CommandResult.Status status, Long seq,
		ErrorCode code, String message, boolean duplicate) {

	static PressReply of(String pressId, String device, CommandResult r) {
		return new PressReply(pressId, device, r.commandId(), r.status(), r.seq(), r.code(), r.message(),
				r.duplicate());
	}
}
