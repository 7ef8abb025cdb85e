package org.andon.messaging;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.andon.command.CommandParser;
import org.andon.command.CommandWriter;
import org.andon.people.ActorPrincipal;
import org.andon.protocol.CommandResult;
import org.andon.protocol.ErrorCode;
import org.andon.protocol.Refusal;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.annotation.SendToUser;
import org.springframework.stereotype.Controller;

/** {@code /app/commands}: every command gets exactly one result on the sending session's results queue. */
@Controller
class CommandController {

	private static final Pattern COMMAND_ID = Pattern.compile("\"commandId\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"");
	private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([A-Z_]{1,32})\"");
	/** The names of the command types that are never held back behind hand-offs ({@link CommandWriter#urgent}). */
	private static final java.util.Set<String> URGENT_TYPES = java.util.Arrays
		.stream(org.andon.protocol.CommandType.values()).filter(CommandWriter::urgent).map(Enum::name)
		.collect(java.util.stream.Collectors.toUnmodifiableSet());

	private final CommandParser parser;
	private final CommandWriter writer;
	private final ProtocolProperties properties;
	private final SenderRateLimits rateLimits;

	CommandController(CommandParser parser, CommandWriter writer, ProtocolProperties properties,
			SenderRateLimits rateLimits) {
		this.parser = parser;
		this.writer = writer;
		this.properties = properties;
		this.rateLimits = rateLimits;
	}

	@MessageMapping("/commands")
	@SendToUser(destinations = "/queue/results", broadcast = false)
	CompletableFuture<CommandResult> command(@Payload(required = false) byte[] body, Principal principal,
			@Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String sessionId,
			@Header(name = SimpMessageHeaderAccessor.SESSION_ATTRIBUTES, required = false)
			java.util.Map<String, Object> sessionAttributes) {
		long received = System.nanoTime();
		if (body == null || body.length == 0) {
			// found by StompFuzzTests: Spring refuses an empty payload before this method, and the sender got no result
			return done(writer.refuse(null, new Refusal(ErrorCode.MALFORMED_JSON, "the body is empty: send one JSON "
					+ "command object"), null, received));
		}
		Glance glance = new Glance(body);
		SenderRateLimits.Verdict share = rateLimits.allow(sessionId, principal.getName(), sessionAttributes, glance);
		if (share == SenderRateLimits.Verdict.DROPPED) {
			return CompletableFuture.completedFuture(null);
		}
		if (share == SenderRateLimits.Verdict.BEHIND) {
			String first = rateLimits.waitingFor(sessionId).orElse("an earlier one");
			return done(writer.refuse(glance.commandId(), new Refusal(ErrorCode.RATE_LIMITED, "held back: command "
					+ first + " of this session was refused for its share and has not been sent again; the commands "
					+ "after it are refused until it is (at most " + SenderRateLimits.RESEND_WAIT.toSeconds() + " s), so "
					+ "that they are applied in the order given; nothing was written: wait for the answers in flight, "
					+ "then send " + first + " again and this one after it, with the same commandIds"), null,
					received));
		}
		if (share != SenderRateLimits.Verdict.ALLOW) {
			return done(writer.refuse(glance.commandId(), new Refusal(ErrorCode.RATE_LIMITED, "this station or person "
					+ "sent more than " + properties.senderCommandsPerSecond() + " commands in a second; nothing was "
					+ "written: send it again with the same commandId a moment later"), null, received));
		}
		if (body.length > properties.maxCommandBytes()) {
			return done(writer.refuse(glance.commandId(), new Refusal(ErrorCode.FRAME_TOO_LARGE, "the command is "
					+ body.length + " bytes; the limit is " + properties.maxCommandBytes()), null, received));
		}
		CommandParser.Parsed parsed = parser.parse(body);
		if (parsed.refusal() != null) {
			return done(writer.refuse(parsed.commandId(), parsed.refusal(), null, received));
		}
		return writer.submit(((ActorPrincipal) principal).actor(), parsed.request());
	}

	/** The share's look at a command: its id and type near its start, read only when asked, once. */
	private static final class Glance implements SenderRateLimits.Glance {

		private final byte[] body;
		private String commandId;
		private Boolean urgent;

		Glance(byte[] body) {
			this.body = body;
		}

		@Override
		public String commandId() {
			if (commandId == null) {
				commandId = commandIdNear(body);
			}
			return commandId;
		}

		@Override
		public boolean urgent() {
			if (urgent == null) {
				Matcher m = TYPE.matcher(new String(body, 0, Math.min(body.length, 1024), StandardCharsets.UTF_8));
				urgent = m.find() && URGENT_TYPES.contains(m.group(1));
			}
			return urgent;
		}
	}

	/** The commandId of an oversized frame, looked for only near its start so a huge body is never parsed. */
	private static String commandIdNear(byte[] body) {
		Matcher m = COMMAND_ID.matcher(new String(body, 0, Math.min(body.length, 1024), StandardCharsets.UTF_8));
		return m.find() ? m.group(1) : null;
	}

	private static CompletableFuture<CommandResult> done(CommandResult result) {
		return CompletableFuture.completedFuture(result);
	}
}
