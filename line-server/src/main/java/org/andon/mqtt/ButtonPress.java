package org.andon.mqtt;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What a device publishes on {@code andon/<line>/<station>/button}: a press with an id the device keeps for it (a
 * redelivered or resent message carries the same id and is applied once), the device's id, the action, what the
 * press means where the device's registration does not already say it, and the signature that proves the device.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ButtonPress(String pressId, String device, String action, String callType, String reason, String defectCode,
		String sig) {

	/**
	 * The text the device signs: the fields it sent and the topic's line and station, joined by {@code |}, an absent
	 * field as an empty string. Signing the topic's station is what makes a press replayed on another station's topic
	 * fail its signature.
	 */
	String signedText(String lineId, String stationId) {
		return String.join("|", blank(pressId), blank(device), lineId, stationId, blank(action), blank(callType),
				blank(reason), blank(defectCode));
	}

	private static String blank(String s) {
		return s == null ? "" : s;
	}
}
