package org.andon.line;

/**
 * A defect a station can report or reject a part for. {@code originStationId}, when set, names the station where
 * this kind of defect is made, so stations that passed it on are recorded as escapes.
 */
public record DefectCode(String code, String description, String originStationId) {
}
