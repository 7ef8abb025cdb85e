package org.andon.log;

import java.util.List;

/**
 * Published on the command writer's thread as soon as a group commit is on stable storage, before any of its
 * commands is answered: for bookkeeping that an answer must never overtake (the last push each station is owed, which
 * its next liveness probe is checked against). {@link EntriesCommitted} follows, after the answers.
 */
public record EntriesDurable(List<LoggedEvent> events) {
}
