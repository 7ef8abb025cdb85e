package org.andon.command;

import java.util.List;

import org.andon.log.LoggedEvent;

/**
 * Reacts to what a command wrote, in the same transaction (a stop opens an incident; its pages are queued with it).
 * It sees only the entries the command's handler wrote, may append more through the context, and must not refuse.
 */
public interface CommandFollower {

	void follow(CommandContext context, List<LoggedEvent> written);
}
