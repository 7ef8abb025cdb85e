package org.andon.line;

import java.time.Duration;
import java.util.List;

/**
 * One step of a line's escalation policy: who is paged ({@code role:LEAD} means the shift lead on the roster now,
 * {@code user:NAME} a named person), on which channels ({@code push}, {@code email}, {@code webhook:ID}), and how long
 * to wait for an acknowledgement before the next level is paged (the last level repeats after that wait).
 */
public record EscalationLevel(String name, List<String> page, List<String> channels, Duration ackWithin) {
}
