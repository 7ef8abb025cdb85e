package org.andon.protocol;

/** Why a station stopped the line. */
public enum StopReason {
	QUALITY, SAFETY, MATERIAL, MAINTENANCE, OTHER
}
