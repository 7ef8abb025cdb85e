package org.andon.station;

/** How a station clears a part's open defects. */
public enum Resolution {
	REWORKED, SCRAPPED
}
