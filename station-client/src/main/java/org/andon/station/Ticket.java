package org.andon.station;

import java.util.concurrent.CompletableFuture;

/**
 * What the worker gets back at once for a command: its commandId (given when the worker acted) and the result to
 * come. The command is already on disk in the outbox when the ticket is handed out.
 */
public record Ticket(Command command, CompletableFuture<CommandResult> result) {

	public String commandId() {
		return command.commandId();
	}
}
