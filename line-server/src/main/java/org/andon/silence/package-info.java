/**
 * Silent stations (the dead-man's handle): a station nobody can pull the andon at during its line's shift (no
 * terminal or tablet signed in, no MQTT device online) for longer than {@code andon.silence.after} opens a SILENT
 * incident that pages like a stop, and it closes by itself when the station is back. Off unless that is set.
 */
package org.andon.silence;
