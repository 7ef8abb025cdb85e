package org.andon.command;

import java.util.List;
import java.util.Set;

/**
 * What a feature keeps in memory for the command writer: the line state its rules check (parts in flow, station
 * states, active stops and calls). Owned by the writer's thread. The tables are its snapshot: they are written in the
 * same transaction as the log, so under the log lock they always match the log's head, and the memory is rebuilt
 * from them at start-up, after a failed group commit, and when another node wrote to a line.
 */
public interface WriterMemory {

	/** Rebuilds the state of the given lines ({@code null}: every line) from the tables. Runs under the log lock. */
	void reload(Set<String> lineIds);

	/**
	 * Reads, in as few queries as possible, what the batch's commands may need that is not kept in memory (parts
	 * that left the line long ago, say). Runs under the log lock, before the batch is handled.
	 */
	default void prefetch(List<Queued> batch) {
	}

	/** A command waiting in a batch, on the line the rules resolved for it. */
	record Queued(Actor actor, org.andon.protocol.CommandRequest request, org.andon.line.Line line) {
	}
}
