package org.andon.command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The writer's two lanes: a stop overtakes other senders' waiting hand-offs, never its own sender's earlier ones. */
class CommandQueueTests {

	/** A queued command: who sent it and what it is. */
	record Sent(String sender, String what) {
	}

	private final CommandQueue<Sent> queue = new CommandQueue<>(100, Sent::sender);

	private void normal(String sender, String what) {
		assertThat(queue.offer(new Sent(sender, what), false)).isTrue();
	}

	private void urgent(String sender, String what) {
		assertThat(queue.offer(new Sent(sender, what), true)).isTrue();
	}

	private List<String> drain(int max) throws InterruptedException {
		List<Sent> batch = new ArrayList<>();
		queue.drain(batch, max, 1, TimeUnit.SECONDS);
		return batch.stream().map(s -> s.sender() + ":" + s.what()).toList();
	}

	@Test
	void aStopOvertakesTheHandOffsOfOtherStations() throws Exception {
		normal("WELD", "PASS-1");
		normal("PAINT", "PASS-2");
		normal("WELD", "PASS-3");
		urgent("FRAME", "STOP");
		assertThat(drain(10)).containsExactly("FRAME:STOP", "WELD:PASS-1", "PAINT:PASS-2", "WELD:PASS-3");
	}

	@Test
	void aStationsOwnEarlierCommandsGoBeforeItsStopAndItsLaterOnesAfter() throws Exception {
		normal("WELD", "PASS-1");
		normal("PAINT", "PASS-2");
		normal("WELD", "PASS-3");
		urgent("WELD", "STOP");
		normal("WELD", "RECEIVE-4");
		assertThat(drain(10)).containsExactly("WELD:PASS-1", "WELD:PASS-3", "WELD:STOP", "PAINT:PASS-2",
				"WELD:RECEIVE-4");
	}

	@Test
	void everyUrgentCommandIsTakenButTheBatchBoundsTheRest() throws Exception {
		for (int i = 0; i < 5; i++) {
			normal("WELD", "PASS-" + i);
		}
		urgent("FRAME", "STOP");
		urgent("lead", "RESUME");
		assertThat(drain(3)).containsExactly("FRAME:STOP", "lead:RESUME", "WELD:PASS-0");
		assertThat(drain(10)).containsExactly("WELD:PASS-1", "WELD:PASS-2", "WELD:PASS-3", "WELD:PASS-4");
		assertThat(queue.isEmpty()).isTrue();
	}

	@Test
	void aFullLaneRefusesAndAnEmptyQueueWaitsOnlyUntilTheTimeout() throws Exception {
		CommandQueue<Sent> small = new CommandQueue<>(1, Sent::sender);
		assertThat(small.offer(new Sent("WELD", "PASS-1"), false)).isTrue();
		assertThat(small.offer(new Sent("WELD", "PASS-2"), false)).isFalse();
		assertThat(small.offer(new Sent("WELD", "STOP"), true)).isTrue();
		assertThat(queue.drain(new ArrayList<>(), 10, 10, TimeUnit.MILLISECONDS)).isZero();
	}
}
