package org.andon.quality;

/**
 * One station's internal-customer scorecard over a period. {@code firstPassYield} and
 * {@code meanSecondsToAcknowledge} are null when there is nothing to divide by; the stop cost is the line's cost per
 * minute times this station's stopped minutes, shown to every station on purpose (cost transparency).
 *
 * @param partsReceived parts passed to this station by its suppliers, plus parts that entered the line here
 * @param rejectedIncoming hand-offs to this station that it rejected ("don't accept")
 * @param rejectedByCustomers hand-offs from this station that its customers rejected (its output)
 * @param escapes defects this station passed on: made here and passed, or made upstream and missed
 * @param processed distinct parts this station took in: accepted from its suppliers, or entered the line here
 * @param firstPassGood of those, the parts with no defect made here and no hand-off from here rejected by a customer
 * @param calls the andon calls pulled here, what became of them, and how fast the teams serving the station answered
 */
public record Scorecard(String stationId, String name, long partsReceived, long rejectedIncoming,
		long rejectedByCustomers, long escapes, long processed, long firstPassGood, Double firstPassYield, long stops,
		double stoppedMinutes, double stopCost, long incidents, long acknowledged, Double meanSecondsToAcknowledge,
		StationCalls calls) {
}
