package org.andon.line;

/** What a station calls for help with; each type is routed to its own team and escalation chain. */
public enum CallType {
	QUALITY, MAINTENANCE, MATERIAL, SAFETY, HELP
}
