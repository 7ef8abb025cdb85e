package org.andon.mqtt;

import java.util.Set;

/**
 * One registered button, cord or gateway input: the stations it may press for, its key (the secret of the HMAC that
 * signs each press), and what a press means when the payload leaves it out. With {@code person} set it is a
 * responder's device (a wearable "on my way" button) and acts as that person, not as the station.
 */
record Device(String id, Set<String> stations, String key, String person, String callType, String reason) {

	boolean mayPressFor(String stationId) {
		return stations.contains(stationId);
	}
}
