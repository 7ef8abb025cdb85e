package org.andon.silence;

/** A way a station can be present besides a STOMP session (an MQTT device online for it, for example). */
public interface StationPresence {

	/** Whether something of this kind is live at the station right now. */
	boolean present(String stationId);
}
