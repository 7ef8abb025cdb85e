package org.andon.station;

/** What the station may do: RUNNING; STOPPED by its own stop; HALTED by a stop upstream. UNKNOWN until the server says. */
public enum StationState {
	UNKNOWN, RUNNING, STOPPED, HALTED
}
