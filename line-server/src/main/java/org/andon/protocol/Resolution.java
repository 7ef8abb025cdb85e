package org.andon.protocol;

/** How a station cleared a part's open defects. */
public enum Resolution {
	REWORKED, SCRAPPED
}
