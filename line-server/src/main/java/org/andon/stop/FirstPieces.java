package org.andon.stop;

import java.util.Optional;

/**
 * The first-piece check of a quality restart: whether a part is good to count as the first piece made at the
 * stopped station after the fix. The part flow answers it; the stop only asks.
 */
public interface FirstPieces {

	/** Why the part cannot be the first piece at that station (not there, an open defect, on hold); empty if it can. */
	Optional<String> whyNot(String lineId, String stationId, String partSerial);
}
