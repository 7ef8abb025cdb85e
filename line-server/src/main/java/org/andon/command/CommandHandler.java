package org.andon.command;

import java.util.Set;

import org.andon.protocol.CommandType;

/**
 * A feature's handling of some command types. It runs inside the group-commit transaction. It must check
 * everything first and refuse by throwing {@link org.andon.protocol.Refusal.Refused} before it writes anything;
 * a refusal that must itself be logged (a blocked pass) is returned as {@link Handled#blocked}.
 */
public interface CommandHandler {

	Set<CommandType> handles();

	Handled handle(CommandContext context);
}
