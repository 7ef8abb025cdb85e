package org.andon.log;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a walked chain against its signed checkpoints: each must carry a valid signature, lie within the log, and
 * name the hash the log has at its seq. A log rewritten from the start (every hash recomputed) fails the last; a
 * log whose tail was cut off, head row included, fails the second.
 */
final class CheckpointCheck {

	private CheckpointCheck() {
	}

	static Set<Long> seqs(Collection<Checkpoint> checkpoints) {
		return checkpoints.stream().map(Checkpoint::seq).collect(Collectors.toSet());
	}

	static Verification check(Verification chain, Map<Long, String> hashAt, List<Checkpoint> checkpoints,
			CheckpointSigner signer) {
		if (!chain.intact()) {
			return chain;
		}
		long signedUpTo = 0;
		for (Checkpoint c : checkpoints) {
			if (!signer.valid(c)) {
				return broken(chain, c.seq(), "the checkpoint at seq " + c.seq() + " (signed " + c.signedAt()
						+ ") has a wrong signature: forged, or signed with another key");
			}
			if (c.seq() > chain.lastSeq()) {
				return broken(chain, chain.lastSeq() + 1, "a checkpoint signed at " + c.signedAt() + " says the log had "
						+ c.seq() + " entries, but it ends at " + chain.lastSeq() + " (entries cut off the end)");
			}
			if (c.seq() > 0 && !c.hash().equals(hashAt.get(c.seq()))) {
				return broken(chain, c.seq(), "entry " + c.seq() + " is not the one signed at " + c.signedAt()
						+ ": the chain was rewritten (its hashes recomputed) from this entry or before");
			}
			signedUpTo = Math.max(signedUpTo, c.seq());
		}
		return new Verification(true, chain.entriesChecked(), chain.lastSeq(), null, null, checkpoints.size(),
				signedUpTo);
	}

	private static Verification broken(Verification chain, long seq, String problem) {
		return new Verification(false, chain.entriesChecked(), chain.lastSeq(), seq, problem, 0, null);
	}
}
