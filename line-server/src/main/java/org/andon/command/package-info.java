/**
 * How a command becomes durable: parsed and checked against the topology and the sender's role, queued, handled by
 * its feature in a group-commit transaction that holds the log lock, synced to disk, and only then answered.
 */
package org.andon.command;
