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
