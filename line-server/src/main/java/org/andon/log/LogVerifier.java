package org.andon.log;

import java.util.Iterator;

/**
 * Walks log entries in sequence order, recomputing every hash, and names the first entry that does not fit: a gap
 * in the sequence (deleted), an entry whose hash does not match its content (edited), an entry whose previous hash
 * is not the hash before it (inserted or reordered), or a head that points past the last entry (cut off).
 */
final class LogVerifier {

	private LogVerifier() {
	}

	static Verification verify(Iterator<LogEntry> inSeqOrder, long headSeq) {
		return verify(inSeqOrder, headSeq, java.util.Set.of(), new java.util.HashMap<>());
	}

	/** Also notes the hashes at {@code wanted} seqs in {@code hashAt}, for the signed checkpoints. */
	static Verification verify(Iterator<LogEntry> inSeqOrder, long headSeq, java.util.Set<Long> wanted,
			java.util.Map<Long, String> hashAt) {
		long expected = 1;
		String prev = HashChain.GENESIS;
		long checked = 0;
		while (inSeqOrder.hasNext()) {
			LogEntry e = inSeqOrder.next();
			if (e.seq() != expected) {
				return broken(checked, expected, "entry " + expected + " is missing (deleted or moved); the next "
						+ "entry found is " + e.seq());
			}
			if (!HashChain.hash(e).equals(e.hash())) {
				return broken(checked, e.seq(), "entry " + e.seq() + " was edited: its content does not match its hash");
			}
			if (!e.prevHash().equals(prev)) {
				return broken(checked, e.seq(), "entry " + e.seq() + " does not follow the entry before it "
						+ "(inserted, reordered, or the entry before it was replaced)");
			}
			prev = e.hash();
			if (wanted.contains(e.seq())) {
				hashAt.put(e.seq(), e.hash());
			}
			expected++;
			checked++;
		}
		if (headSeq != expected - 1) {
			return broken(checked, expected, "the log head says " + headSeq + " entries were written but the log "
					+ "ends at " + (expected - 1) + " (entries cut off the end)");
		}
		return new Verification(true, checked, expected - 1, null, null);
	}

	private static Verification broken(long checked, long seq, String problem) {
		return new Verification(false, checked, checked, seq, problem);
	}
}
