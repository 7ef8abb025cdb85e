package org.andon.protocol;

/** What a station may do right now. STOPPED: its own stop is active. HALTED: a stop upstream of it is active. */
public enum StationState {
	RUNNING, STOPPED, HALTED
}
