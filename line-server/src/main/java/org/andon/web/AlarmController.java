package org.andon.web;

import org.andon.incident.AlarmDiscipline;
import org.andon.line.Topology;
import org.andon.protocol.ErrorCode;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/alarms}: the shelves and out-of-service stations in force on a line, and who is in an alarm flood. */
@RestController
@RequestMapping("/api/alarms")
class AlarmController {

	private final AlarmDiscipline alarms;
	private final Topology topology;

	AlarmController(AlarmDiscipline alarms, Topology topology) {
		this.alarms = alarms;
		this.topology = topology;
	}

	@GetMapping
	AlarmDiscipline.Board board(@RequestParam String line) {
		topology.line(line).orElseThrow(() -> new ApiError.NotFound(ErrorCode.UNKNOWN_STATION, "no line " + line));
		return alarms.board(line);
	}
}
