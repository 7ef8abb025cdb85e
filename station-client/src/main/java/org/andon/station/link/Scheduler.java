package org.andon.station.link;

import java.time.Duration;

/**
 * Where a station client runs its work: every change to its state happens on this one queue, in order. Tests use
 * a manual scheduler that runs tasks when told and moves a fake clock instead of sleeping.
 */
public interface Scheduler {

	/** Runs the task soon, after the tasks already queued. */
	void execute(Runnable task);

	/** Runs the task after the delay unless cancelled first. */
	Cancellable schedule(Runnable task, Duration delay);

	/** Stops running tasks; queued ones may be dropped. */
	void shutdown();

	/** A scheduled task that can be called off. */
	interface Cancellable {

		void cancel();
	}
}
