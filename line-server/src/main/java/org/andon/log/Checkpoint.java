package org.andon.log;

import java.time.Instant;

/**
 * A signed statement "the log had {@code seq} entries and the last one's hash was {@code hash}" made at
 * {@code signedAt}; {@code mac} is HMAC-SHA256 over the three with the checkpoint key ({@link CheckpointSigner}).
 * One line of the checkpoint file is {@code seq hash signedAt mac}.
 */
record Checkpoint(long seq, String hash, Instant signedAt, String mac) {

	String line() {
		return seq + " " + hash + " " + signedAt + " " + mac;
	}

	/** A line of the checkpoint file; null for a line that is not one (a torn last line after a crash). */
	static Checkpoint parse(String line) {
		String[] f = line.trim().split(" ");
		if (f.length != 4) {
			return null;
		}
		try {
			return new Checkpoint(Long.parseLong(f[0]), f[1], Instant.parse(f[2]), f[3]);
		}
		catch (RuntimeException notACheckpoint) {
			return null;
		}
	}
}
