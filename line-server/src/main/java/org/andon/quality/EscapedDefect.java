package org.andon.quality;

import java.time.Instant;
import java.util.List;

/** A defect that went through stations before it was caught: where it was made, found, and who passed it on. */
public record EscapedDefect(long defectId, String partSerial, String code, String originStation, String foundAt,
		Instant openedAt, List<String> passedOnBy) {
}
