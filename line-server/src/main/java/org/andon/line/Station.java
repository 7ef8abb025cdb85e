package org.andon.line;

/** One process step on a line; signs in with its id and a token whose BCrypt hash is in the topology file. */
public record Station(String id, String name, String lineId, String tokenHash) {
}
