package org.andon.web;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.andon.incident.IncidentView;
import org.andon.incident.Incidents;
import org.andon.paging.PageView;
import org.andon.paging.PagingOutbox;
import org.andon.protocol.CommandRequest;
import org.andon.protocol.CommandResult;
import org.andon.protocol.CommandType;
import org.andon.protocol.ErrorCode;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.andon.web.PersonCommands.blankToNull;
import static org.andon.web.PersonCommands.commandId;

/**
 * Incidents over REST: open and recent ones with escalation history and page attempts; acknowledge, contain (a call)
 * and resolve as the same commands the STOMP protocol carries (so the same rules, log and idempotency apply). An
 * {@code Idempotency-Key} header (a UUID) becomes the commandId, so a retried POST is applied once.
 */
@RestController
@RequestMapping("/api")
class IncidentController {

	private final Incidents incidents;
	private final PagingOutbox outbox;
	private final PersonCommands commands;

	IncidentController(Incidents incidents, PagingOutbox outbox, PersonCommands commands) {
		this.incidents = incidents;
		this.outbox = outbox;
		this.commands = commands;
	}

	record Acknowledgement(String note) {
	}

	record Containment(String note) {
	}

	record Resolution(String cause, String countermeasure) {
	}

	@GetMapping("/incidents")
	Paged<IncidentView> list(@RequestParam(required = false) String line,
			@RequestParam(defaultValue = "false") boolean open, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		return Paged.of(incidents.list(line, open, Math.max(0, page), Math.max(1, Math.min(size, 200))));
	}

	@GetMapping("/incidents/{id}")
	IncidentView one(@PathVariable long id) {
		return incidents.find(id)
			.orElseThrow(() -> new ApiError.NotFound(ErrorCode.UNKNOWN_INCIDENT, "there is no incident " + id));
	}

	/** Andon calls by type and station, contained versus stopped (the pull-to-stop ratio), response times. */
	@GetMapping("/calls/summary")
	java.util.Map<String, Object> calls(@RequestParam(required = false) String line) {
		return incidents.callSummary(line);
	}

	/** Pages by status; {@code UNDELIVERABLE} lists the pages that never arrived. */
	@GetMapping("/pages")
	List<PageView> pages(@RequestParam(defaultValue = "UNDELIVERABLE") String status) {
		if (!List.of("PENDING", "DELIVERED", "UNDELIVERABLE", "BUNDLED").contains(status)) {
			throw new IllegalArgumentException("status must be PENDING, DELIVERED, UNDELIVERABLE or BUNDLED");
		}
		return outbox.withStatus(status);
	}

	@PostMapping("/incidents/{id}/acknowledge")
	CompletableFuture<ResponseEntity<CommandResult>> acknowledge(@PathVariable long id,
			@RequestBody(required = false) Acknowledgement body,
			@RequestHeader(name = "Idempotency-Key", required = false) UUID key, Authentication who) {
		return commands.send(who, new CommandRequest(commandId(key), CommandType.ACKNOWLEDGE, null, null, null, null, null,
				body == null ? null : body.note(), null, null, null, id, null, null, null, null, null, null));
	}

	/** The call's problem is contained in time: the call closes and never becomes a stop. */
	@PostMapping("/incidents/{id}/contain")
	CompletableFuture<ResponseEntity<CommandResult>> contain(@PathVariable long id,
			@RequestBody(required = false) Containment body,
			@RequestHeader(name = "Idempotency-Key", required = false) UUID key, Authentication who) {
		return commands.send(who, new CommandRequest(commandId(key), CommandType.CONTAIN, null, null, null, null, null,
				body == null ? null : blankToNull(body.note()), null, null, null, id, null, null, null, null, null, null));
	}

	@PostMapping("/incidents/{id}/resolve")
	CompletableFuture<ResponseEntity<CommandResult>> resolve(@PathVariable long id, @RequestBody Resolution body,
			@RequestHeader(name = "Idempotency-Key", required = false) UUID key, Authentication who) {
		return commands.send(who, new CommandRequest(commandId(key), CommandType.RESOLVE, null, null, null, null, null, null,
				null, null, null, id, blankToNull(body.cause()), blankToNull(body.countermeasure()), null, null, null, null));
	}
}
