package org.andon.ops;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * Runs Prometheus' {@code promtool}. A missing promtool fails the test (it does not skip it): CI installs it, and a
 * monitoring config nobody checked is how a plant finds out at 3 a.m. that its alerts never loaded.
 */
final class Promtool {

	/** What promtool printed (stdout and stderr together) and its exit code. */
	record Result(int exitCode, String output) {

		boolean ok() {
			return exitCode == 0;
		}
	}

	private Promtool() {
	}

	static Path executable() {
		return onPath("promtool");
	}

	/** Prometheus itself, from the same package as promtool. */
	static Path prometheus() {
		return onPath("prometheus");
	}

	private static Path onPath(String name) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return fail(name + " is not on the PATH. The ops tests need it to check the Prometheus assets: on Debian or "
				+ "Ubuntu `apt-get install prometheus` (it provides /usr/bin/promtool and /usr/bin/prometheus; .ci/run "
				+ "installs it when promtool is missing), elsewhere put the binaries from "
				+ "https://prometheus.io/download/ on the PATH.");
	}

	/** Runs {@code promtool ARGS} in {@code dir}. */
	static Result run(Path dir, String... args) {
		return withInput(dir, "", args);
	}

	/** Runs {@code promtool ARGS} in {@code dir} with {@code stdin} as its standard input. */
	static Result withInput(Path dir, String stdin, String... args) {
		List<String> command = new ArrayList<>();
		command.add(executable().toString());
		command.addAll(List.of(args));
		try {
			Path out = Files.createTempFile("promtool", ".out");
			Path in = Files.createTempFile("promtool", ".in");
			try {
				Files.writeString(in, stdin, StandardCharsets.UTF_8);
				Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
					.redirectInput(in.toFile()).redirectOutput(out.toFile()).start();
				if (!p.waitFor(60, TimeUnit.SECONDS)) {
					p.destroyForcibly();
					fail("promtool " + String.join(" ", args) + " did not finish within 60 s");
				}
				return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
			}
			finally {
				Files.deleteIfExists(out);
				Files.deleteIfExists(in);
			}
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}
}
