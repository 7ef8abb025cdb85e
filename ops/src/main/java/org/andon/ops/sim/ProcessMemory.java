package org.andon.ops.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident memory as the kernel counts it ({@code VmRSS} in {@code /proc/PID/status}). */
final class ProcessMemory {

	private ProcessMemory() {
	}

	/** Resident set size in KiB; 0 when it cannot be read (no such process, or not Linux). */
	static long rssKb(long pid) {
		if (pid <= 0) {
			return 0;
		}
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			return 0;
		}
		return 0;
	}

	/**
	 * CPU time a process has used so far, user plus system, in seconds ({@code /proc/PID/stat}, in clock ticks of
	 * 1/100 s); 0 when it cannot be read. Unlike a latency, this hardly depends on what else the machine is doing.
	 */
	static double cpuSeconds(long pid) {
		if (pid <= 0) {
			return 0;
		}
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			// the command name may hold spaces: the fields counted here start after its closing parenthesis
			String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

	/**
	 * CPU seconds of a process by kind of thread, from {@code /proc/PID/task/TID/stat} and the thread names the
	 * kernel keeps (15 characters): the JIT compilers, the garbage collector, the line server's command writer, its
	 * STOMP inbound and outbound channels, Tomcat's socket threads, and the rest. Threads that ended are missing.
	 */
	static java.util.Map<String, Double> cpuByThread(long pid) {
		return cpuByThread(pid, ProcessMemory::kind);
	}

	/**
	 * The simulator's own CPU by kind of thread: the pacer ({@code main}), the light stations' worker threads and the
	 * JDK HTTP client's selector, the station client library's threads, the WebSocket client threads of the lead and
	 * boards (and of the full clients), the JIT and the GC.
	 */
	static java.util.Map<String, Double> simulatorCpuByThread() {
		return cpuByThread(ProcessHandle.current().pid(), ProcessMemory::simulatorKind);
	}

	private static String simulatorKind(String thread) {
		if (thread.contains("Compiler")) {
			return "jit";
		}
		if (thread.startsWith("GC ") || thread.startsWith("G1 ") || thread.equals("VM Thread")) {
			return "gc+vm";
		}
		if (thread.equals("main") || thread.equals("java")) {
			return "pacer";
		}
		if (thread.startsWith("light-stations")) {
			return "lightStations";
		}
		if (thread.startsWith("HttpClient")) {
			return "jdkHttpClient";
		}
		if (thread.startsWith("WebSocketClien") || thread.startsWith("pool-")) {
			return "webSocketClient";
		}
		if (thread.startsWith("station")) {
			return "stationClients";
		}
		return "other";
	}

	private static java.util.Map<String, Double> cpuByThread(long pid,
			java.util.function.Function<String, String> kinds) {
		java.util.Map<String, Double> byKind = new java.util.TreeMap<>();
		if (pid <= 0) {
			return byKind;
		}
		try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			tasks.forEach(task -> {
				try {
					String stat = Files.readString(task.resolve("stat"));
					String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
					byKind.merge(kinds.apply(name), threadCpuSeconds(task, stat), Double::sum);
				}
				catch (IOException | RuntimeException gone) {
					// the thread ended meanwhile
				}
			});
		}
		catch (IOException | RuntimeException ex) {
			return byKind;
		}
		return byKind;
	}

	/**
	 * A thread's CPU time in seconds: the nanoseconds on a CPU from {@code schedstat} where the kernel keeps them, else
	 * user plus system ticks (1/100 s) from {@code stat}, too coarse for a thread that works a few milliseconds in a
	 * short phase.
	 */
	private static double threadCpuSeconds(Path task, String stat) throws IOException {
		try {
			String schedstat = Files.readString(task.resolve("schedstat"));
			return Long.parseLong(schedstat.substring(0, schedstat.indexOf(' '))) / 1e9;
		}
		catch (IOException | RuntimeException noSchedstat) {
			String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
		}
	}

	private static String kind(String thread) {
		if (thread.contains("Compiler")) {
			return "jit";
		}
		if (thread.startsWith("GC ") || thread.startsWith("G1 ") || thread.equals("VM Thread")) {
			return "gc+vm";
		}
		if (thread.startsWith("command-writer")) {
			return "commandWriter";
		}
		if (thread.startsWith("clientInbound")) {
			return "stompInbound";
		}
		if (thread.startsWith("clientOutbound")) {
			return "stompOutbound";
		}
		if (thread.startsWith("http-nio")) {
			return "tomcat";
		}
		return "other";
	}

	/** {@code after - before}, kind by kind, rounded to the millisecond. */
	static java.util.Map<String, Double> minus(java.util.Map<String, Double> after, java.util.Map<String, Double> before) {
		java.util.Map<String, Double> d = new java.util.TreeMap<>();
		after.forEach((k, v) -> d.put(k, Math.round((v - before.getOrDefault(k, 0.0)) * 1000) / 1000.0));
		return d;
	}

	/** The 1, 5 and 15 minute load averages of this machine (zeros where unknown). */
	static double[] loadAverage() {
		try {
			String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return new double[] { Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]) };
		}
		catch (IOException | RuntimeException ex) {
			return new double[] { 0, 0, 0 };
		}
	}
}
