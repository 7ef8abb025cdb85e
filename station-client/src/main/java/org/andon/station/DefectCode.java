package org.andon.station;

/** A defect code of the line, as offered to the worker to pick from. */
public record DefectCode(String code, String description) {
}
