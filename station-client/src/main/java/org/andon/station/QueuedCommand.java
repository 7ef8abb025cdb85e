package org.andon.station;

import java.time.Instant;

/**
 * A command in the outbox: the worker gave it, the server has not answered it yet. {@code sends} counts how often
 * it was written to a connection (0: it has never left this machine).
 */
public record QueuedCommand(Command command, Instant issuedAt, int sends) {
}
