/**
 * Andon calls for help: every stop (and, where a line asks for it, repeated rejects of one supplier) opens an
 * incident; the line's escalation policy pages the shift lead at once and climbs level by level, on durable timers,
 * until someone acknowledges; resolving records cause and countermeasure and resumes a stopped line.
 */
package org.andon.incident;
