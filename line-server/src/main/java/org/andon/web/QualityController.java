package org.andon.web;

import java.time.Instant;
import java.util.List;

import org.andon.handoff.HandOffLog;
import org.andon.handoff.HandOffView;
import org.andon.line.Topology;
import org.andon.log.EventLog;
import org.andon.log.LoggedEvent;
import org.andon.log.Verification;
import org.andon.protocol.ErrorCode;
import org.andon.stop.LineStates;
import org.andon.stop.StopView;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The hand-off log, part traces, stops and the event log, as quality staff and leads review them. */
@RestController
@RequestMapping("/api")
class QualityController {

	private static final int MAX_PAGE = 500;

	private final HandOffLog handOffs;
	private final EventLog log;
	private final LineStates states;
	private final Topology topology;

	QualityController(HandOffLog handOffs, EventLog log, LineStates states, Topology topology) {
		this.handOffs = handOffs;
		this.log = log;
		this.states = states;
		this.topology = topology;
	}

	@GetMapping("/handoffs")
	Paged<HandOffView> handOffs(@RequestParam(required = false) String line,
			@RequestParam(required = false) String station, @RequestParam(required = false) String part,
			@RequestParam(required = false) String decision, @RequestParam(required = false) String defectCode,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
		if (decision != null && !HandOffLog.decisions().contains(decision)) {
			throw new IllegalArgumentException("decision must be one of " + HandOffLog.decisions());
		}
		return Paged.of(handOffs.search(new HandOffLog.Filter(line, station, part, decision, defectCode, from, to),
				Math.max(page, 0), clamp(size)));
	}

	/** Everything that happened to one part, in order: each station, decision, defect, and who acted. */
	@GetMapping("/lines/{lineId}/parts/{serial}/trace")
	List<LoggedEvent> trace(@PathVariable String lineId, @PathVariable String serial) {
		List<LoggedEvent> trace = log.part(lineId, serial);
		if (trace.isEmpty()) {
			throw new ApiError.NotFound(ErrorCode.UNKNOWN_PART, "part " + serial + " was never on line " + lineId);
		}
		return trace;
	}

	@GetMapping("/stops")
	Paged<StopView> stops(@RequestParam(required = false) String line, @RequestParam(required = false) String station,
			@RequestParam(defaultValue = "false") boolean active, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		return Paged.of(states.stops(line, station, active, Math.max(page, 0), clamp(size)));
	}

	/** The raw event log after a sequence number, in order (for audits and for boards catching up). */
	@GetMapping("/log")
	List<LoggedEvent> log(@RequestParam(required = false) String line, @RequestParam(defaultValue = "0") long since,
			@RequestParam(defaultValue = "100") int limit) {
		if (line != null && topology.line(line).isEmpty()) {
			throw new ApiError.NotFound(ErrorCode.UNKNOWN_STATION, "no line " + line);
		}
		return line == null ? log.since(since, clamp(limit)) : log.since(line, since, clamp(limit));
	}

	/** Walks the hash chain and names the first entry that was edited, deleted or reordered. */
	@GetMapping("/log/verify")
	Verification verify() {
		return log.verify();
	}

	private static int clamp(int size) {
		return Math.max(1, Math.min(size, MAX_PAGE));
	}
}
