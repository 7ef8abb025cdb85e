package org.andon.command;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Where a group commit's time goes, for operators and benchmarks: checking the batch's commands against memory,
 * sending its rows, committing, the sync to disk, and publishing the pushes; and how many commands a batch held.
 */
final class GroupCommitMetrics {

	private final Timer check;
	private final Timer write;
	private final Timer commit;
	private final Timer sync;
	private final Timer publish;
	private final DistributionSummary size;

	GroupCommitMetrics(MeterRegistry meters) {
		this.check = phase(meters, "check");
		this.write = phase(meters, "write");
		this.commit = phase(meters, "commit");
		this.sync = phase(meters, "sync");
		this.publish = phase(meters, "publish");
		this.size = DistributionSummary.builder("andon.group.commit.commands")
			.description("Commands in one group commit").register(meters);
	}

	private static Timer phase(MeterRegistry meters, String phase) {
		return Timer.builder("andon.group.commit.phase").tag("phase", phase)
			.description("Time a group commit spends in each phase").register(meters);
	}

	/** {@code at}: start, commands checked, rows sent, committed; {@code durable}: after the sync. */
	void record(int commands, long[] at, long durable) {
		size.record(commands);
		check.record(at[1] - at[0], TimeUnit.NANOSECONDS);
		write.record(at[2] - at[1], TimeUnit.NANOSECONDS);
		commit.record(at[3] - at[2], TimeUnit.NANOSECONDS);
		sync.record(durable - at[3], TimeUnit.NANOSECONDS);
	}

	void published(long durable) {
		publish.record(System.nanoTime() - durable, TimeUnit.NANOSECONDS);
	}
}
