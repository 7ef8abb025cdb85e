package org.andon.web;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.andon.command.Actor;
import org.andon.command.CommandWriter;
import org.andon.line.Topology;
import org.andon.protocol.CommandRequest;
import org.andon.protocol.CommandResult;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * A signed-in person's REST command, sent through the same writer as the STOMP protocol (same rules, log and
 * idempotency) and answered with the HTTP status its outcome deserves.
 */
@Component
class PersonCommands {

	private final CommandWriter writer;
	private final Topology topology;

	PersonCommands(CommandWriter writer, Topology topology) {
		this.writer = writer;
		this.topology = topology;
	}

	CompletableFuture<ResponseEntity<CommandResult>> send(Authentication who, CommandRequest request) {
		var person = topology.person(who.getName()).orElseThrow();
		return writer.submit(Actor.person(person.username(), person.roles()), request).thenApply(r -> {
			if (r.status() == CommandResult.Status.ACCEPTED) {
				return ResponseEntity.ok(r);
			}
			HttpStatus status = switch (r.code()) {
				case FORBIDDEN -> HttpStatus.FORBIDDEN;
				case UNKNOWN_INCIDENT, UNKNOWN_HOLD, UNKNOWN_STOP -> HttpStatus.NOT_FOUND;
				case MISSING_FIELD, INVALID_FIELD, UNKNOWN_DEFECT_CODE -> HttpStatus.BAD_REQUEST;
				case INTERNAL_ERROR -> HttpStatus.SERVICE_UNAVAILABLE;
				default -> HttpStatus.CONFLICT;
			};
			return ResponseEntity.status(status).body(r);
		});
	}

	/** The {@code Idempotency-Key} header as the commandId, so a retried POST is applied once; else a fresh one. */
	static String commandId(UUID key) {
		return (key == null ? UUID.randomUUID() : key).toString();
	}

	static String blankToNull(String s) {
		return s == null || s.isBlank() ? null : s.trim();
	}
}
