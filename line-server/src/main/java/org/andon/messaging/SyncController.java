package org.andon.messaging;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.andon.command.Actor;
import org.andon.line.Topology;
import org.andon.log.EventLog;
import org.andon.log.LoggedEvent;
import org.andon.people.ActorPrincipal;
import org.andon.protocol.ErrorCode;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.annotation.SendToUser;
import org.springframework.stereotype.Controller;

/**
 * {@code /app/sync}: catch-up after a reconnect. A station sends {@code {"since": N}} (the highest seq it has seen)
 * and gets exactly the pushes it missed after N, in order; with no {@code since}, or when it missed more than the
 * catch-up limit, it gets a STATE snapshot instead and continues from the snapshot's seq. A person (a board) names
 * the line and gets that line's log entries after {@code since}, a page of at most the catch-up limit at a time
 * ({@code more} is true when it should ask again from {@code upTo}). A station known to have been sent nothing after
 * its {@code since} ({@link StationHeads}: its idle liveness probe) is answered from memory, without reading the log.
 */
@Controller
class SyncController {

	private final EventLog log;
	private final StationSnapshots snapshots;
	private final Topology topology;
	private final ProtocolProperties properties;
	private final JsonMapper json;
	private final StationHeads heads;
	private final Counter fromMemory;
	private final Counter fromLog;
	private final SenderRateLimits rateLimits;

	SyncController(EventLog log, StationSnapshots snapshots, Topology topology, ProtocolProperties properties,
			JsonMapper json, StationHeads heads, MeterRegistry meters, SenderRateLimits rateLimits) {
		this.rateLimits = rateLimits;
		this.heads = heads;
		this.fromMemory = Counter.builder("andon.sync.requests").tag("answer", "memory")
			.description("Catch-up requests, by how they were answered").register(meters);
		this.fromLog = Counter.builder("andon.sync.requests").tag("answer", "log")
			.description("Catch-up requests, by how they were answered").register(meters);
		this.log = log;
		this.snapshots = snapshots;
		this.topology = topology;
		this.properties = properties;
		this.json = json;
	}

	/** The reply: the pushes (or line entries) missed, up to {@code upTo}, or a snapshot, or an error. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record SyncReply(Long since, long upTo, List<?> missed, Boolean more, StationPush snapshot, ErrorCode code,
			String message) {
	}

	@MessageMapping("/sync")
	@SendToUser(destinations = "/queue/sync", broadcast = false)
	SyncReply sync(@Payload(required = false) byte[] body, Principal principal,
			@org.springframework.messaging.handler.annotation.Header(
					org.springframework.messaging.simp.SimpMessageHeaderAccessor.SESSION_ID_HEADER) String sessionId,
			@org.springframework.messaging.handler.annotation.Header(name = org.springframework.messaging.simp
				.SimpMessageHeaderAccessor.SESSION_ATTRIBUTES, required = false)
			java.util.Map<String, Object> sessionAttributes) {
		Actor actor = ((ActorPrincipal) principal).actor();
		SenderRateLimits.Verdict share = rateLimits.allow(sessionId, principal.getName(), sessionAttributes);
		if (share == SenderRateLimits.Verdict.DROPPED) {
			return null;
		}
		if (share != SenderRateLimits.Verdict.ALLOW) {
			// a catch-up can read the log: it shares the sender's budget with its commands
			return error(ErrorCode.RATE_LIMITED, "this station or person sent more than "
					+ properties.senderCommandsPerSecond() + " commands and catch-up requests in a second; ask again a "
					+ "moment later");
		}
		Long since;
		String lineId;
		try {
			// an empty body asks for a snapshot; without required = false Spring refused it before this method and
			// the station got no reply at all (found by StompFuzzTests)
			JsonNode root = body == null || body.length == 0 ? json.createObjectNode() : json.readTree(body);
			JsonNode s = root.get("since");
			if (s != null && !s.isNull() && !s.isIntegralNumber()) {
				return error(ErrorCode.INVALID_FIELD, "since must be a whole number");
			}
			since = s == null || s.isNull() ? null : s.asLong();
			lineId = root.hasNonNull("lineId") ? root.get("lineId").asString() : actor.lineId();
		}
		catch (JacksonException | UnsupportedOperationException ex) {
			return error(ErrorCode.MALFORMED_JSON, "the body must be a JSON object like {\"since\": 42}");
		}
		if (lineId == null || topology.line(lineId).isEmpty()) {
			return error(ErrorCode.UNKNOWN_STATION, "name a known lineId to catch up on");
		}
		if (actor.isStation() && !lineId.equals(actor.lineId())) {
			return error(ErrorCode.FORBIDDEN, "a station catches up on its own line only");
		}
		if (since == null) {
			return snapshot(actor, null);
		}
		if (actor.isStation() && heads.nothingAfter(actor.stationId(), since)) {
			// the liveness probe of a station that has seen everything sent to it: no read of the log
			fromMemory.increment();
			return new SyncReply(since, since, List.of(), null, null, null, null);
		}
		fromLog.increment();
		int limit = properties.catchUpLimit();
		List<LoggedEvent> events = log.since(lineId, since, limit + 1);
		boolean more = events.size() > limit;
		if (more && actor.isStation()) {
			return snapshot(actor, since);
		}
		if (more) {
			// a board pages through the line's log: it asks again from upTo
			events = events.subList(0, limit);
		}
		// upTo is the last entry read, never a separate read of the log's end: an entry committed in between would
		// otherwise be skipped by a client that continues from upTo
		long upTo = events.isEmpty() ? since : events.get(events.size() - 1).seq();
		if (!actor.isStation()) {
			return new SyncReply(since, upTo, events, more, null, null, null);
		}
		List<StationPush> missed = new ArrayList<>();
		for (LoggedEvent e : events) {
			for (StationFeed.Addressed a : StationFeed.pushesFor(e)) {
				if (a.stationId().equals(actor.stationId())) {
					missed.add(a.push());
				}
			}
		}
		heads.read(actor.stationId(), since, upTo, missed);
		return new SyncReply(since, upTo, missed, null, null, null, null);
	}

	private SyncReply snapshot(Actor actor, Long since) {
		if (!actor.isStation()) {
			return error(ErrorCode.MISSING_FIELD, "a board sends since (0 for the whole line) and lineId");
		}
		StationPush state = snapshots.snapshot(actor.stationId());
		return new SyncReply(since, state.seq(), null, null, state, null, null);
	}

	private static SyncReply error(ErrorCode code, String message) {
		return new SyncReply(null, 0, null, null, null, code, message);
	}
}
