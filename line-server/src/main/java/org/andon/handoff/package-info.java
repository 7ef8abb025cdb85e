/**
 * The three-no rules and the hand-off log. Don't accept: a station rejects a part from its supplier, who is told at
 * once. Don't make: a station reports a defect in its own work. Don't pass: a part with an open defect, or any part
 * at a stopped or halted station, cannot be passed on; the attempt is logged as blocked. Escapes record the stations
 * a defect slipped through.
 */
package org.andon.handoff;
