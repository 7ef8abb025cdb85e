/**
 * Stopping the line: a STOP puts its station in STOPPED and every station downstream of it in HALTED; RESUME by a
 * shift lead or higher ends the stop, and a station runs again when no stop upstream of it is left. Also the read
 * model of station states and stops.
 */
package org.andon.stop;
