package org.andon.handoff;

import java.util.Optional;

import org.andon.stop.FirstPieces;
import org.springframework.stereotype.Component;

/** A first piece is good when it is at the stopped station, with no open defect and not on hold. */
@Component
class FirstPieceCheck implements FirstPieces {

	private final PartFlow flow;
	private final Containments containments;

	FirstPieceCheck(PartFlow flow, Containments containments) {
		this.flow = flow;
		this.containments = containments;
	}

	@Override
	public Optional<String> whyNot(String lineId, String stationId, String partSerial) {
		Optional<Part> part = flow.part(lineId, partSerial);
		if (part.isEmpty()) {
			return Optional.of("part " + partSerial + " is not on line " + lineId);
		}
		Part p = part.get();
		if (p.status() != Part.Status.AT_STATION || !stationId.equals(p.holder())) {
			return Optional.of("part " + partSerial + " is not at " + stationId + " (" + p.status().name().toLowerCase()
					+ (p.holder() == null ? "" : " at " + p.holder()) + ")");
		}
		if (!flow.openDefects(lineId, partSerial).isEmpty()) {
			return Optional.of("part " + partSerial + " has an open defect");
		}
		if (containments.holdOn(lineId, partSerial).isPresent()) {
			return Optional.of("part " + partSerial + " is on hold");
		}
		return Optional.empty();
	}
}
