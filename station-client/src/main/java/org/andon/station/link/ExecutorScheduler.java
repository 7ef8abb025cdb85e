package org.andon.station.link;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The real scheduler: one daemon thread, so work happens in order and a forgotten client does not keep the JVM up. */
public final class ExecutorScheduler implements Scheduler {

	private static final System.Logger LOG = System.getLogger(ExecutorScheduler.class.getName());

	private final ScheduledExecutorService executor;

	public ExecutorScheduler(String name) {
		this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, name);
			t.setDaemon(true);
			return t;
		});
	}

	@Override
	public void execute(Runnable task) {
		if (!executor.isShutdown()) {
			executor.execute(guarded(task));
		}
	}

	@Override
	public Cancellable schedule(Runnable task, Duration delay) {
		if (executor.isShutdown()) {
			return () -> {
			};
		}
		ScheduledFuture<?> f = executor.schedule(guarded(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
		return () -> f.cancel(false);
	}

	@Override
	public void shutdown() {
		executor.shutdownNow();
	}

	/** A task that throws must not stop the station's queue; it is logged instead. */
	private static Runnable guarded(Runnable task) {
		return () -> {
			try {
				task.run();
			}
			catch (RuntimeException | Error ex) {
				LOG.log(System.Logger.Level.ERROR, "station client task failed", ex);
			}
		};
	}
}
