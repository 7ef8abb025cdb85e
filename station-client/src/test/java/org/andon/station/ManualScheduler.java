package org.andon.station;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

import org.andon.station.link.Scheduler;

/** A scheduler with a fake clock: tasks run only when the test says so, and time moves only when the test moves it. */
final class ManualScheduler extends Clock implements Scheduler {

	private Instant now = Instant.parse("2026-03-02T06:00:00Z");
	private long order;
	private final PriorityQueue<Task> tasks = new PriorityQueue<>();

	private final class Task implements Comparable<Task>, Cancellable {

		final Instant due;
		final long seq = order++;
		final Runnable run;
		boolean cancelled;

		Task(Instant due, Runnable run) {
			this.due = due;
			this.run = run;
		}

		@Override
		public int compareTo(Task o) {
			int c = due.compareTo(o.due);
			return c != 0 ? c : Long.compare(seq, o.seq);
		}

		@Override
		public void cancel() {
			cancelled = true;
		}
	}

	@Override
	public synchronized void execute(Runnable task) {
		tasks.add(new Task(now, task));
	}

	@Override
	public synchronized Cancellable schedule(Runnable task, Duration delay) {
		Task t = new Task(now.plus(delay), task);
		tasks.add(t);
		return t;
	}

	@Override
	public void shutdown() {
	}

	/** Runs every task that is due now, including the ones they queue. */
	void runDue() {
		while (true) {
			Task t;
			synchronized (this) {
				t = tasks.peek();
				if (t == null || t.due.isAfter(now)) {
					return;
				}
				tasks.poll();
			}
			if (!t.cancelled) {
				t.run.run();
			}
		}
	}

	/** Moves time forward, running tasks at their due times on the way. */
	void advance(Duration d) {
		Instant end = now.plus(d);
		while (true) {
			Task next;
			synchronized (this) {
				next = tasks.stream().filter(t -> !t.cancelled).min(Task::compareTo).orElse(null);
				if (next == null || next.due.isAfter(end)) {
					now = end;
					break;
				}
				now = next.due.isAfter(now) ? next.due : now;
			}
			runDue();
		}
		runDue();
	}

	/** When the next task not cancelled is due, or null. */
	synchronized Instant nextDue() {
		return tasks.stream().filter(t -> !t.cancelled).map(t -> t.due).min(Instant::compareTo).orElse(null);
	}

	@Override
	public synchronized Instant instant() {
		return now;
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}
}
