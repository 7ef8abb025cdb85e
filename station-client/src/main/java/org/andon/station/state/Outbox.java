package org.andon.station.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The station's durable outbox: every command the worker gives is appended here and forced to disk before anything
 * else happens to it, and it leaves only when the server's result for its commandId has arrived.
 *
 * <p>The file is a header followed by records {@code [length:int][crc32c:int][kind:byte][payload]}, where the CRC
 * covers kind and payload. An ADD record carries the time the worker acted, the commandId and the command's JSON
 * body exactly as it is sent; a DONE record carries only a commandId. Opening the file replays it; a last record
 * that is incomplete or fails its CRC (a write torn by a crash or power cut) is cut off, since its append never
 * returned to the caller. When the records of finished commands outweigh the live ones, the live commands are
 * written to a new file that atomically replaces the old one.
 */
public final class Outbox implements AutoCloseable {

	private static final System.Logger LOG = System.getLogger(Outbox.class.getName());

	static final String FILE = "outbox";
	static final byte[] MAGIC = "ANDONOB1".getBytes(StandardCharsets.US_ASCII);
	static final byte ADD = 1;
	static final byte DONE = 2;
	private static final int RECORD_HEAD = 9;
	private static final int MAX_RECORD = 1 << 20;

	private final Path file;
	private final long compactAbove;
	private FileChannel channel;
	private final Map<String, Entry> live = new LinkedHashMap<>();
	private long nextIndex = 1;
	private long liveBytes;
	private long deadBytes;
	private int compactions;

	/** A command waiting for its result; {@code index} orders entries in the order the worker gave them. */
	public record Entry(long index, String commandId, Instant issuedAt, byte[] body) {

		public String bodyText() {
			return new String(body, StandardCharsets.UTF_8);
		}
	}

	private Outbox(Path file, long compactAbove) {
		this.file = file;
		this.compactAbove = compactAbove;
	}

	/** Opens (or creates) the outbox in {@code dir}, replaying it; compacts once records of finished commands pile up. */
	public static Outbox open(Path dir, long compactAbove) throws IOException {
		Files.createDirectories(dir);
		Outbox outbox = new Outbox(dir.resolve(FILE), compactAbove);
		outbox.load();
		return outbox;
	}

	/** Reads the commands still waiting in an outbox file without opening it for writing (for tools and tests). */
	public static List<Entry> peek(Path dir) throws IOException {
		Path f = dir.resolve(FILE);
		if (!Files.exists(f)) {
			return List.of();
		}
		Replay replay = replay(ByteBuffer.wrap(Files.readAllBytes(f)));
		return List.copyOf(replay.live.values());
	}

	private void load() throws IOException {
		boolean created = !Files.exists(file);
		channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
				StandardOpenOption.WRITE);
		long size = channel.size();
		if (size < MAGIC.length) {
			// New, or a crash tore the header of a new file: nothing was ever appended to it.
			channel.truncate(0);
			channel.write(ByteBuffer.wrap(MAGIC), 0);
			channel.force(false);
			if (created) {
				syncDirectory(file.getParent());
			}
			channel.position(MAGIC.length);
			return;
		}
		ByteBuffer all = ByteBuffer.allocate((int) size);
		while (all.hasRemaining() && channel.read(all, all.position()) >= 0) {
			// read until full
		}
		all.flip();
		Replay replay = replay(all);
		if (replay.validEnd < size) {
			LOG.log(System.Logger.Level.WARNING, "outbox {0}: cutting off {1} bytes of a torn last record", file,
					size - replay.validEnd);
			channel.truncate(replay.validEnd);
			channel.force(false);
		}
		live.putAll(replay.live);
		nextIndex = replay.nextIndex;
		liveBytes = replay.liveBytes;
		deadBytes = replay.deadBytes;
		channel.position(replay.validEnd);
		if (deadBytes > 0 && deadBytes >= liveBytes) {
			compact();
		}
	}

	private record Replay(Map<String, Entry> live, long validEnd, long nextIndex, long liveBytes, long deadBytes) {
	}

	private static Replay replay(ByteBuffer all) throws IOException {
		byte[] magic = new byte[MAGIC.length];
		if (all.remaining() < MAGIC.length) {
			return new Replay(new LinkedHashMap<>(), 0, 1, 0, 0);
		}
		all.get(magic);
		if (!java.util.Arrays.equals(magic, MAGIC)) {
			throw new IOException("not a station outbox file (bad header); move it aside to start afresh");
		}
		Map<String, Entry> live = new LinkedHashMap<>();
		Map<String, Integer> sizes = new LinkedHashMap<>();
		long index = 1;
		long liveBytes = 0;
		long deadBytes = 0;
		int validEnd = all.position();
		while (all.remaining() >= RECORD_HEAD) {
			int start = all.position();
			int length = all.getInt();
			int crc = all.getInt();
			if (length < 1 || length > MAX_RECORD || length > all.remaining()) {
				break;
			}
			byte[] record = new byte[length];
			all.get(record);
			CRC32C check = new CRC32C();
			check.update(record);
			if ((int) check.getValue() != crc) {
				break;
			}
			int recordSize = all.position() - start;
			ByteBuffer r = ByteBuffer.wrap(record);
			byte kind = r.get();
			if (kind == ADD) {
				long issued = r.getLong();
				byte[] id = new byte[Short.toUnsignedInt(r.getShort())];
				r.get(id);
				byte[] body = new byte[r.remaining()];
				r.get(body);
				String commandId = new String(id, StandardCharsets.UTF_8);
				live.put(commandId, new Entry(index++, commandId, Instant.ofEpochMilli(issued), body));
				sizes.put(commandId, recordSize);
				liveBytes += recordSize;
			}
			else if (kind == DONE) {
				String commandId = new String(record, 1, record.length - 1, StandardCharsets.UTF_8);
				deadBytes += recordSize;
				if (live.remove(commandId) != null) {
					int added = sizes.remove(commandId);
					liveBytes -= added;
					deadBytes += added;
				}
			}
			else {
				break;
			}
			validEnd = all.position();
		}
		return new Replay(live, validEnd, index, liveBytes, deadBytes);
	}

	/** Appends a command and forces it to disk; when this returns, the command survives a crash of the client. */
	public synchronized Entry append(String commandId, Instant issuedAt, byte[] body) throws IOException {
		if (live.containsKey(commandId)) {
			throw new IllegalArgumentException("commandId " + commandId + " is already in the outbox");
		}
		byte[] id = commandId.getBytes(StandardCharsets.UTF_8);
		ByteBuffer payload = ByteBuffer.allocate(1 + 8 + 2 + id.length + body.length);
		payload.put(ADD).putLong(issuedAt.toEpochMilli()).putShort((short) id.length).put(id).put(body);
		int size = write(payload.array());
		Entry entry = new Entry(nextIndex++, commandId, Instant.ofEpochMilli(issuedAt.toEpochMilli()), body);
		live.put(commandId, entry);
		liveBytes += size;
		return entry;
	}

	/** Records that a command's result arrived (forced to disk); false if it was not waiting here. */
	public synchronized boolean remove(String commandId) throws IOException {
		Entry entry = live.get(commandId);
		if (entry == null) {
			return false;
		}
		byte[] id = commandId.getBytes(StandardCharsets.UTF_8);
		byte[] payload = new byte[1 + id.length];
		payload[0] = DONE;
		System.arraycopy(id, 0, payload, 1, id.length);
		int size = write(payload);
		live.remove(commandId);
		long added = RECORD_HEAD + 1 + 8 + 2 + id.length + entry.body().length;
		liveBytes -= added;
		deadBytes += added + size;
		if (deadBytes > compactAbove && deadBytes >= liveBytes) {
			compact();
		}
		return true;
	}

	private int write(byte[] record) throws IOException {
		if (record.length > MAX_RECORD) {
			throw new IllegalArgumentException("a command of " + record.length + " bytes is too large for the outbox");
		}
		CRC32C crc = new CRC32C();
		crc.update(record);
		ByteBuffer buf = ByteBuffer.allocate(8 + record.length);
		buf.putInt(record.length).putInt((int) crc.getValue()).put(record).flip();
		long at = channel.position();
		try {
			while (buf.hasRemaining()) {
				channel.write(buf);
			}
			channel.force(false);
		}
		catch (IOException ex) {
			// Leave no half record behind a failed append: the caller is told the command was not stored.
			channel.truncate(at);
			channel.position(at);
			throw ex;
		}
		return 8 + record.length;
	}

	/** Rewrites the file with only the live commands, replacing the old one atomically. */
	public synchronized void compact() throws IOException {
		Path tmp = file.resolveSibling(FILE + ".tmp");
		long newLive = 0;
		try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING)) {
			out.write(ByteBuffer.wrap(MAGIC));
			for (Entry e : live.values()) {
				byte[] id = e.commandId().getBytes(StandardCharsets.UTF_8);
				ByteBuffer payload = ByteBuffer.allocate(1 + 8 + 2 + id.length + e.body().length);
				payload.put(ADD).putLong(e.issuedAt().toEpochMilli()).putShort((short) id.length).put(id)
					.put(e.body());
				CRC32C crc = new CRC32C();
				crc.update(payload.array());
				ByteBuffer rec = ByteBuffer.allocate(8 + payload.capacity());
				rec.putInt(payload.capacity()).putInt((int) crc.getValue()).put(payload.array()).flip();
				while (rec.hasRemaining()) {
					out.write(rec);
				}
				newLive += 8 + payload.capacity();
			}
			out.force(false);
		}
		channel.close();
		Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		syncDirectory(file.getParent());
		channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
		channel.position(channel.size());
		liveBytes = newLive;
		deadBytes = 0;
		compactions++;
	}

	/** The waiting commands, in the order the worker gave them. */
	public synchronized List<Entry> entries() {
		return new ArrayList<>(live.values());
	}

	public synchronized boolean contains(String commandId) {
		return live.containsKey(commandId);
	}

	public synchronized int size() {
		return live.size();
	}

	public synchronized long fileSize() throws IOException {
		return channel.size();
	}

	synchronized int compactions() {
		return compactions;
	}

	@Override
	public synchronized void close() throws IOException {
		channel.close();
	}

	static void syncDirectory(Path dir) {
		try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
			d.force(true);
		}
		catch (IOException | UnsupportedOperationException ex) {
			// Not every platform can open a directory (Windows); the rename itself is still atomic there.
		}
	}
}
