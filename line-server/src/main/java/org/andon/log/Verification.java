package org.andon.log;

/**
 * The outcome of walking the log. When {@code intact} is false, {@code firstBadSeq} is the first entry that was
 * edited, deleted, inserted or reordered (or where the log stops disagreeing with a signed checkpoint), and
 * {@code problem} says what was found there. {@code checkpointsChecked} signed checkpoints agreed with the log up to
 * {@code signedUpTo} (null when none were checked: no checkpoint key configured, or none written yet).
 */
public record Verification(boolean intact, long entriesChecked, long lastSeq, Long firstBadSeq, String problem,
		int checkpointsChecked, Long signedUpTo) {

	Verification(boolean intact, long entriesChecked, long lastSeq, Long firstBadSeq, String problem) {
		this(intact, entriesChecked, lastSeq, firstBadSeq, problem, 0, null);
	}
}
