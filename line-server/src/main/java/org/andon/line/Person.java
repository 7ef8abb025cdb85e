package org.andon.line;

import java.util.Set;

/** A person who signs in with a username and password (BCrypt hash in the topology file); email is for pages. */
public record Person(String username, String displayName, String passwordHash, Set<Role> roles, String email,
		Set<String> teams) {

	public boolean has(Role role) {
		return roles.contains(role);
	}

	public boolean mayResume() {
		return roles.stream().anyMatch(Role::mayResume);
	}
}
