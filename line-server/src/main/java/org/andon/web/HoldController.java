package org.andon.web;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.andon.protocol.CommandRequest;
import org.andon.protocol.CommandResult;
import org.andon.protocol.CommandType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.andon.web.PersonCommands.blankToNull;
import static org.andon.web.PersonCommands.commandId;

/**
 * Quality's decisions over REST, as the same commands the STOMP protocol carries: release or confirm a held part,
 * and sign off a quality stop (the lead's or quality's key). The list of holds is {@code /api/quality/holds}.
 */
@RestController
@RequestMapping("/api")
class HoldController {

	private final PersonCommands commands;

	HoldController(PersonCommands commands) {
		this.commands = commands;
	}

	record Release(String note) {
	}

	record Confirmation(String defectCode, String note) {
	}

	record SignOff(String partSerial, String note) {
	}

	@PostMapping("/holds/{id}/release")
	CompletableFuture<ResponseEntity<CommandResult>> release(@PathVariable long id, @RequestBody Release body,
			@RequestHeader(name = "Idempotency-Key", required = false) UUID key, Authentication who) {
		return commands.send(who, request(key, CommandType.RELEASE_HOLD, null, null, blankToNull(body.note()), null,
				id));
	}

	@PostMapping("/holds/{id}/confirm")
	CompletableFuture<ResponseEntity<CommandResult>> confirm(@PathVariable long id, @RequestBody Confirmation body,
			@RequestHeader(name = "Idempotency-Key", required = false) UUID key, Authentication who) {
		return commands.send(who, request(key, CommandType.CONFIRM_HOLD, null, blankToNull(body.defectCode()),
				blankToNull(body.note()), null, id));
	}

	@PostMapping("/stops/{id}/sign-off")
	CompletableFuture<ResponseEntity<CommandResult>> signOff(@PathVariable long id,
			@RequestBody(required = false) SignOff body,
			@RequestHeader(name = "Idempotency-Key", required = false) UUID key, Authentication who) {
		return commands.send(who, request(key, CommandType.SIGN_OFF, body == null ? null : blankToNull(body.partSerial()),
				null, body == null ? null : blankToNull(body.note()), id, null));
	}

	private static CommandRequest request(UUID key, CommandType type, String partSerial, String defectCode,
			String note, Long stopId, Long holdId) {
		return new CommandRequest(commandId(key), type, null, partSerial, null, defectCode, null, note, null, null,
				stopId, null, null, null, null, null, holdId, null);
	}
}
