package org.andon.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/** Runs the scripts in ops/bin as an operator would, with the JDK running the tests as their {@code java}. */
final class Scripts {

	/** What a script printed (stdout and stderr together) and its exit code. */
	record Run(int exitCode, String output) {
	}

	private Scripts() {
	}

	static Run run(String script, String... args) {
		return run(java.util.Map.of(), script, args);
	}

	/** Runs a script with extra environment variables. */
	static Run run(java.util.Map<String, String> env, String script, String... args) {
		List<String> command = new ArrayList<>();
		command.add(OpsFiles.asset("bin/" + script).toString());
		command.addAll(List.of(args));
		try {
			Path out = Files.createTempFile(script, ".out");
			try {
				ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
					.redirectOutput(out.toFile());
				builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
				builder.environment().putAll(env);
				Process p = builder.start();
				if (!p.waitFor(120, TimeUnit.SECONDS)) {
					p.destroyForcibly();
					fail(script + " did not finish within 120 s: " + Files.readString(out));
				}
				return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
			}
			finally {
				Files.deleteIfExists(out);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}
}
