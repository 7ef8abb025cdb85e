package org.andon.log;

import java.util.List;

/**
 * Published after a group commit is on stable storage, in sequence order. Listeners push to stations and boards and
 * count metrics; nothing a listener does can undo the commit. {@code durableAtNanos} is {@link System#nanoTime()}
 * when the commit became durable, for latency measurements.
 */
public record EntriesCommitted(List<LoggedEvent> events, long durableAtNanos) {
}
