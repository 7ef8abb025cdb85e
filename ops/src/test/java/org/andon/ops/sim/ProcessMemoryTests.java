package org.andon.ops.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ProcessMemoryTests {

	@Test
	void aThreadThatWorksAFewMillisecondsIsCountedUnderItsKind() throws Exception {
		Map<String, Double> before = ProcessMemory.simulatorCpuByThread();
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		CountDownLatch end = new CountDownLatch(1);
		Thread busy = new Thread(() -> {
			// works until the JVM itself counts 15 ms of CPU on this thread: less than the 0.1 s the phase
			// figures were once rounded to, and only one or two of the kernel's 1/100 s ticks
			while (threads.getCurrentThreadCpuTime() < TimeUnit.MILLISECONDS.toNanos(15)) {
				Thread.onSpinWait();
			}
			try {
				end.await(); // alive when measured: the figures count live threads only
			}
			catch (InterruptedException stopped) {
				Thread.currentThread().interrupt();
			}
		}, "light-stations-test");
		busy.setDaemon(true);
		busy.start();
		try {
			org.awaitility.Awaitility.await()
				.atMost(java.time.Duration.ofSeconds(10))
				.until(() -> ProcessMemory.minus(ProcessMemory.simulatorCpuByThread(), before)
					.getOrDefault("lightStations", 0.0) > 0);
			double seconds = ProcessMemory.minus(ProcessMemory.simulatorCpuByThread(), before).get("lightStations");
			assertThat(seconds).as("a live thread's CPU, in seconds").isPositive().isLessThan(5.0);
		}
		finally {
			end.countDown();
		}
	}

}
