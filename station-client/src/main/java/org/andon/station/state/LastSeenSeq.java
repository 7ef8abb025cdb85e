package org.andon.station.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The highest push sequence number this station has handled, kept beside the outbox so that after a restart it
 * catches up from where it was. Written to a new file that replaces the old one atomically, so a crash leaves
 * either the old number or the new one, never a torn one.
 */
public final class LastSeenSeq {

	static final String FILE = "last-seen-seq";

	private final Path file;
	private long stored;
	private boolean known;

	private LastSeenSeq(Path file, long stored, boolean known) {
		this.file = file;
		this.stored = stored;
		this.known = known;
	}

	public static LastSeenSeq open(Path dir) throws IOException {
		Files.createDirectories(dir);
		Path file = dir.resolve(FILE);
		long seq = 0;
		boolean known = false;
		if (Files.exists(file)) {
			String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
			try {
				seq = Long.parseLong(text);
				known = true;
			}
			catch (NumberFormatException ex) {
				// Never written by us (the write is atomic); start from a snapshot rather than refuse to start.
				System.getLogger(LastSeenSeq.class.getName()).log(System.Logger.Level.WARNING,
						"{0} holds no number; catching up from a fresh snapshot", file);
			}
		}
		return new LastSeenSeq(file, seq, known);
	}

	public synchronized long get() {
		return stored;
	}

	/** Whether a number was stored: 0 then means "caught up on an empty log", not "never caught up". */
	public synchronized boolean known() {
		return known;
	}

	/** Stores {@code seq} durably if it differs from what is stored (or nothing is stored yet). */
	public synchronized void store(long seq) throws IOException {
		if (known && seq == stored) {
			return;
		}
		Path tmp = file.resolveSibling(FILE + ".tmp");
		try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING)) {
			out.write(ByteBuffer.wrap((seq + "\n").getBytes(StandardCharsets.US_ASCII)));
			out.force(false);
		}
		Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		Outbox.syncDirectory(file.getParent());
		stored = seq;
		known = true;
	}
}
