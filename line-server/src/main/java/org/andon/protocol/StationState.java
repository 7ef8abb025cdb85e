package org.andon.protocol;

/**
 * What a station may do right now. STOPPED: its own stop is active. HALTED: a stop upstream of it is active.
 * CALLING: it has called for help and keeps working until the call is contained or turns into a stop.
 */
public enum StationState {
	RUNNING, CALLING, STOPPED, HALTED
}
