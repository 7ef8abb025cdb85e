package org.andon.station;

/**
 * What the station may do: RUNNING; CALLING for help (it keeps working); STOPPED by its own stop; HALTED by a stop
 * upstream. UNKNOWN until the server says.
 */
public enum StationState {
	UNKNOWN, RUNNING, CALLING, STOPPED, HALTED
}
