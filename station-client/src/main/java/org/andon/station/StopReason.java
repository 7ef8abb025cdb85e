package org.andon.station;

/** Why a station stops the line. */
public enum StopReason {
	QUALITY, SAFETY, MATERIAL, MAINTENANCE, OTHER
}
