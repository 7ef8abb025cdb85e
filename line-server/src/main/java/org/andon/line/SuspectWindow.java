package org.andon.line;

import java.time.Duration;

/**
 * Which parts are suspect when a defect is traced to the station that made it: the parts that station passed on
 * just before and just after the defective one, counted in the order it passed them, or, when {@code around} is set,
 * every part it passed within that time either side of the defective one.
 */
public record SuspectWindow(int partsBefore, int partsAfter, Duration around) {

	/** Five parts either side: what a lead checks first when nobody has said otherwise. */
	public static final SuspectWindow STANDARD = new SuspectWindow(5, 5, null);

	public SuspectWindow {
		if (partsBefore < 0 || partsAfter < 0) {
			throw new IllegalArgumentException("a suspect window counts zero or more parts");
		}
	}

	/** Whether no part besides the defective one is ever suspect (containment switched off). */
	public boolean isEmpty() {
		return around == null && partsBefore == 0 && partsAfter == 0;
	}

	/** How the window reads in the log and on screens: "5 before, 5 after" or "15 min either side". */
	public String describe() {
		return around != null ? around.toMinutes() + " min either side"
				: partsBefore + " before, " + partsAfter + " after";
	}
}
