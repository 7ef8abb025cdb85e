package org.andon.line;

/** What a signed-in party may do. Stations sign in as WORKER; people hold one or more of the others. */
public enum Role {
	WORKER, LEAD, SUPERVISOR, QUALITY, ADMIN;

	/** True for the roles that may resume a stopped line: the shift lead and everyone above. */
	public boolean mayResume() {
		return this == LEAD || this == SUPERVISOR || this == ADMIN;
	}
}
