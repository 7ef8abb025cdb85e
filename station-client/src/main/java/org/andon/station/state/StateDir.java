package org.andon.station.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A station's state folder (outbox and last seen sequence number), locked for one client at a time: two clients
 * appending to one outbox would interleave their records.
 */
public final class StateDir implements AutoCloseable {

	private final Path dir;
	private final FileChannel lockChannel;
	private final FileLock lock;

	private StateDir(Path dir, FileChannel lockChannel, FileLock lock) {
		this.dir = dir;
		this.lockChannel = lockChannel;
		this.lock = lock;
	}

	/** Creates the folder if needed and locks it, or fails naming the folder if another client holds it. */
	public static StateDir lock(Path dir) throws IOException {
		Files.createDirectories(dir);
		FileChannel channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE);
		FileLock lock;
		try {
			lock = channel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			lock = null;
		}
		if (lock == null) {
			channel.close();
			throw new IOException("another station client is already using the state folder " + dir.toAbsolutePath()
					+ "; close it first (or give this one its own --state-dir)");
		}
		return new StateDir(dir, channel, lock);
	}

	public Path path() {
		return dir;
	}

	@Override
	public void close() throws IOException {
		try {
			lock.release();
		}
		finally {
			lockChannel.close();
		}
	}
}
