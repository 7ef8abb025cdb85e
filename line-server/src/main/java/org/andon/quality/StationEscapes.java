package org.andon.quality;

/**
 * How many defects one station let through in a period: {@code ownPassedOn} defects it made and passed on,
 * {@code missed} defects made upstream that it passed on instead of catching, and {@code caught} defects it found
 * (rejected or reported) that were made elsewhere.
 */
public record StationEscapes(String stationId, String name, long ownPassedOn, long missed, long total, long caught) {
}
