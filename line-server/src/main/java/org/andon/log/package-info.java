/**
 * The durable, append-only event log: every accepted command and every state change, with a gap-free sequence
 * number taken from the database and a SHA-256 hash chained to the previous entry, plus the record of handled
 * command ids that makes a repeated command return its original result.
 */
package org.andon.log;
