package org.andon.quality;

/** One defect code in a Pareto: how often it was found, its share and the running share up to and including it. */
public record ParetoBar(String code, String description, long count, double share, double cumulativeShare) {
}
