package org.andon.command;

import java.util.Set;

import org.andon.line.Role;

/** Who sent a command: a station (WORKER, with its station and line) or a person with roles. */
public record Actor(String name, String stationId, String lineId, Set<Role> roles, boolean isSystem) {

	/** The line server itself, for commands it sends to itself (escalation). No topology id may be "andon". */
	public static final Actor SYSTEM = new Actor("andon", null, null, Set.of(), true);

	public static Actor station(String stationId, String lineId) {
		return new Actor(stationId, stationId, lineId, Set.of(Role.WORKER), false);
	}

	public static Actor person(String username, Set<Role> roles) {
		return new Actor(username, null, null, Set.copyOf(roles), false);
	}

	public boolean isStation() {
		return stationId != null;
	}

	public boolean has(Role role) {
		return roles.contains(role);
	}

	/** LEAD, SUPERVISOR or ADMIN: may resume a stop and stop the line on a station's behalf. */
	public boolean isLeadOrHigher() {
		return roles.stream().anyMatch(Role::mayResume);
	}
}
