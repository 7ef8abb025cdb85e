package org.andon.station.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboxTests {

	private static final Instant T = Instant.parse("2026-01-05T06:00:00Z");

	@TempDir
	Path dir;

	@Test
	void commandsSurviveReopeningInTheOrderGiven() throws IOException {
		try (Outbox box = Outbox.open(dir, 64 * 1024)) {
			box.append("c1", T, body("first"));
			box.append("c2", T.plusSeconds(1), body("second"));
			box.append("c3", T.plusSeconds(2), body("third"));
		}
		try (Outbox box = Outbox.open(dir, 64 * 1024)) {
			assertThat(box.entries()).extracting(Outbox.Entry::commandId).containsExactly("c1", "c2", "c3");
			assertThat(box.entries().get(1).bodyText()).isEqualTo("{\"n\":\"second\"}");
			assertThat(box.entries().get(2).issuedAt()).isEqualTo(T.plusSeconds(2));
		}
	}

	@Test
	void aCommandWhoseResultArrivedIsGoneAfterReopening() throws IOException {
		try (Outbox box = Outbox.open(dir, 64 * 1024)) {
			box.append("c1", T, body("a"));
			box.append("c2", T, body("b"));
			assertThat(box.remove("c1")).isTrue();
			assertThat(box.remove("c1")).as("a second result for the same command").isFalse();
		}
		assertThat(Outbox.peek(dir)).extracting(Outbox.Entry::commandId).containsExactly("c2");
	}

	@Test
	void aTornLastRecordIsCutOffAndAppendingGoesOn() throws IOException {
		try (Outbox box = Outbox.open(dir, 64 * 1024)) {
			box.append("c1", T, body("a"));
			box.append("c2", T, body("b"));
		}
		long intact = Files.size(file());
		try (Outbox box = Outbox.open(dir, 64 * 1024)) {
			box.append("c3", T, body("a longer body that the crash tears in half"));
		}
		// The crash tore the last append: only part of its bytes reached the disk.
		truncate(intact + 20);

		try (Outbox box = Outbox.open(dir, 64 * 1024)) {
			assertThat(box.entries()).extracting(Outbox.Entry::commandId).containsExactly("c1", "c2");
			assertThat(Files.size(file())).isEqualTo(intact);
			box.append("c4", T, body("d"));
		}
		assertThat(Outbox.peek(dir)).extracting(Outbox.Entry::commandId).containsExactly("c1", "c2", "c4");
	}

	@Test
	void aLastRecordWithAWrongChecksumIsIgnored() throws IOException {
		try (Outbox box = Outbox.open(dir, 64 * 1024)) {
			box.append("c1", T, body("a"));
			box.append("c2", T, body("b"));
		}
		// Flip the last byte of the last record's body: all of it is there, but not as written.
		long size = Files.size(file());
		try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
			ByteBuffer b = ByteBuffer.allocate(1);
			ch.read(b, size - 1);
			b.put(0, (byte) (b.get(0) ^ 0x5a));
			b.rewind();
			ch.write(b, size - 1);
		}
		try (Outbox box = Outbox.open(dir, 64 * 1024)) {
			assertThat(box.entries()).extracting(Outbox.Entry::commandId).containsExactly("c1");
		}
	}

	@Test
	void aTornRemovalRecordLeavesTheCommandWaiting() throws IOException {
		long beforeRemoval;
		try (Outbox box = Outbox.open(dir, 64 * 1024)) {
			box.append("c1", T, body("a"));
			beforeRemoval = box.fileSize();
			box.remove("c1");
		}
		truncate(beforeRemoval + 5);
		// Sent again after the restart; the server answers the repeat with the original result.
		assertThat(Outbox.peek(dir)).extracting(Outbox.Entry::commandId).containsExactly("c1");
	}

	@Test
	void compactionKeepsTheFileSmallAndTheWaitingCommandsInOrder() throws IOException {
		try (Outbox box = Outbox.open(dir, 4 * 1024)) {
			box.append("keep-1", T, body("k1"));
			for (int i = 0; i < 500; i++) {
				box.append("done-" + i, T, body("x".repeat(40)));
				if (i == 250) {
					box.append("keep-2", T, body("k2"));
				}
				box.remove("done-" + i);
			}
			assertThat(box.compactions()).isGreaterThan(5);
			assertThat(box.fileSize()).isLessThan(8 * 1024);
			assertThat(box.entries()).extracting(Outbox.Entry::commandId).containsExactly("keep-1", "keep-2");
			box.append("keep-3", T, body("k3"));
		}
		assertThat(Outbox.peek(dir)).extracting(Outbox.Entry::commandId).containsExactly("keep-1", "keep-2",
				"keep-3");
		assertThat(Files.exists(dir.resolve("outbox.tmp"))).isFalse();
	}

	@Test
	void openingCompactsAnOutboxFullOfFinishedCommands() throws IOException {
		try (Outbox box = Outbox.open(dir, Long.MAX_VALUE)) {
			for (int i = 0; i < 50; i++) {
				box.append("c" + i, T, body("y".repeat(100)));
				box.remove("c" + i);
			}
			box.append("last", T, body("z"));
		}
		long before = Files.size(file());
		try (Outbox box = Outbox.open(dir, Long.MAX_VALUE)) {
			assertThat(box.compactions()).isEqualTo(1);
			assertThat(box.fileSize()).isLessThan(before / 10);
			assertThat(box.entries()).extracting(Outbox.Entry::commandId).containsExactly("last");
		}
	}

	@Test
	void aFileTornWhileItsHeaderWasWrittenStartsEmpty() throws IOException {
		Files.write(file(), new byte[] { 'A', 'N', 'D' });
		try (Outbox box = Outbox.open(dir, 64 * 1024)) {
			assertThat(box.entries()).isEmpty();
			box.append("c1", T, body("a"));
		}
		assertThat(Outbox.peek(dir)).hasSize(1);
	}

	@Test
	void aFileThatIsNotAnOutboxIsLeftAlone() throws IOException {
		Files.writeString(file(), "something else entirely");
		assertThatThrownBy(() -> Outbox.open(dir, 64 * 1024)).isInstanceOf(IOException.class)
			.hasMessageContaining("not a station outbox");
		assertThat(Files.readString(file())).isEqualTo("something else entirely");
	}

	@Test
	void theSameCommandIdCannotBeQueuedTwice() throws IOException {
		try (Outbox box = Outbox.open(dir, 64 * 1024)) {
			box.append("c1", T, body("a"));
			assertThatThrownBy(() -> box.append("c1", T, body("b"))).isInstanceOf(IllegalArgumentException.class);
			assertThat(box.entries()).hasSize(1);
		}
	}

	@Test
	void lastSeenSeqIsKeptAcrossRestarts() throws IOException {
		LastSeenSeq seq = LastSeenSeq.open(dir);
		assertThat(seq.get()).isZero();
		seq.store(42);
		assertThat(LastSeenSeq.open(dir).get()).isEqualTo(42);
		assertThat(Files.exists(dir.resolve("last-seen-seq.tmp"))).isFalse();
	}

	@Test
	void aStateFolderServesOneClientAtATime() throws IOException {
		try (StateDir first = StateDir.lock(dir)) {
			assertThatThrownBy(() -> StateDir.lock(dir)).isInstanceOf(IOException.class)
				.hasMessageContaining("already using the state folder");
		}
		StateDir.lock(dir).close();
	}

	private Path file() {
		return dir.resolve(Outbox.FILE);
	}

	private void truncate(long size) throws IOException {
		try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.WRITE)) {
			ch.truncate(size);
		}
	}

	private static byte[] body(String s) {
		return ("{\"n\":\"" + s + "\"}").getBytes(StandardCharsets.UTF_8);
	}
}
