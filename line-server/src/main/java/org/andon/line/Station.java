package org.andon.line;

import java.time.Duration;

/**
 * One process step on a line; signs in with its id and a token whose BCrypt hash is in the topology file.
 * {@code cycleTime} is its takt: by default how long a call may stay uncontained before the line stops there.
 */
public record Station(String id, String name, String lineId, String tokenHash, Duration cycleTime) {
}
