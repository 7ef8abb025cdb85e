package org.andon.people;

import java.security.Principal;

import org.andon.command.Actor;

/** The principal of a STOMP session: the station or person that signed in with the CONNECT frame. */
public record ActorPrincipal(Actor actor) implements Principal {

	@Override
	public String getName() {
		return actor.name();
	}
}
