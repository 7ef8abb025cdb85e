package org.andon.station;

/** What a station calls for help about (the yellow andon); the line routes each to a team. */
public enum CallType {
	QUALITY, MAINTENANCE, MATERIAL, SAFETY, HELP
}
