/**
 * The quality review's read models, computed with plain SQL over the tables the other features write (hand-offs,
 * defects and their escapes, stops, incidents, the event log): the hand-off log as CSV for any filter, escapes by
 * station, the internal-customer scorecard of every station (received, rejected both ways, escapes, first-pass
 * yield, stops with their cost, mean time to acknowledge, the andon calls pulled there and how fast the teams that
 * serve it answered) and the Pareto of defect codes. It only reads; nothing here changes the floor, so it depends on
 * no other feature's internals, only on the topology, the table layout and the documented log payloads.
 */
package org.andon.quality;
