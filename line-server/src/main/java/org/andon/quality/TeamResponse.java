package org.andon.quality;

/**
 * How fast one team answered the calls routed to it: seconds from the pull to the acknowledgement ("on my way") and
 * from the pull to containment. Median and 90th percentile (nearest rank) rather than a mean, because one call left
 * waiting for an hour would hide in a mean; the maximum is the call that waited longest. Each figure is null when no
 * call got that far.
 *
 * @param team the team the call was routed to when it was pulled; null: no team, the line's own escalation chain
 * @param calls calls routed to the team
 * @param acknowledged of those, calls someone acknowledged
 * @param contained of those, calls contained in time
 */
public record TeamResponse(String team, long calls, long acknowledged, Double medianSecondsToAcknowledge,
		Double p90SecondsToAcknowledge, Double maxSecondsToAcknowledge, long contained, Double medianSecondsToContain,
		Double p90SecondsToContain, Double maxSecondsToContain) {
}
