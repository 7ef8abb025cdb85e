package org.andon.web;

import java.util.List;

import org.andon.line.DefectCode;
import org.andon.line.Line;
import org.andon.line.Topology;
import org.andon.protocol.ErrorCode;
import org.andon.stop.LineStates;
import org.andon.stop.StationView;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/lines}: each line's graph, defect codes, restart rule, takt and current station states. */
@RestController
@RequestMapping("/api/lines")
class LineController {

	private final Topology topology;
	private final LineStates states;

	LineController(Topology topology, LineStates states) {
		this.topology = topology;
		this.states = states;
	}

	record LineView(String id, String name, double costPerMinute, List<StationView> stations, List<Line.Edge> edges,
			List<DefectCode> defectCodes, org.andon.line.QualityRestart qualityRestart, double taktSeconds) {
	}

	@GetMapping
	List<LineView> lines() {
		return topology.allLines().stream().map(this::view).toList();
	}

	@GetMapping("/{lineId}")
	LineView line(@PathVariable String lineId) {
		return view(topology.line(lineId)
			.orElseThrow(() -> new ApiError.NotFound(ErrorCode.UNKNOWN_STATION, "no line " + lineId)));
	}

	private LineView view(Line line) {
		return new LineView(line.id(), line.name(), line.costPerMinute(), states.line(line.id()), line.edges(),
				line.defectCodes(), line.qualityRestart(), line.taktSeconds());
	}
}
