package org.andon.log;

/**
 * The outcome of walking the log. When {@code intact} is false, {@code firstBadSeq} is the first entry that was
 * edited, deleted, inserted or reordered, and {@code problem} says what was found there.
 */
public record Verification(boolean intact, long entriesChecked, long lastSeq, Long firstBadSeq, String problem) {
}
