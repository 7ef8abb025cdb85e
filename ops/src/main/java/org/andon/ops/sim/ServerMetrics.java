package org.andon.ops.sim;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line server's own timings from its Prometheus scrape, on the host and port of the WebSocket the simulator
 * talks to: {@code andon_command_duration_seconds} (a command received to its result) and
 * {@code andon_stop_halt_latency_seconds} (a STOP durable to each HALT handed to the broker). Two scrapes, before and
 * after a phase, give that phase's share; with the client's figures they split a latency into server and transport.
 */
final class ServerMetrics {

	private static final Pattern LINE = Pattern.compile("^(andon_command_duration_seconds|andon_stop_halt_latency_seconds)"
			+ "_(bucket|sum|count)(?:\\{([^}]*)})?\\s+(\\S+)$");
	private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	private final URI scrape;

	ServerMetrics(URI webSocket) {
		this.scrape = URI.create("http://" + webSocket.getHost() + ":" + webSocket.getPort() + "/actuator/prometheus");
	}

	/** One scrape: count, sum and cumulative buckets of both timers, summed over their labels. */
	record Snapshot(Timer commands, Timer stopCommands, Timer halts) {

		Snapshot minus(Snapshot before) {
			return new Snapshot(commands.minus(before.commands), stopCommands.minus(before.stopCommands),
					halts.minus(before.halts));
		}
	}

	/** A timer's count, total seconds and cumulative bucket counts by upper bound (seconds). */
	record Timer(double count, double sum, Map<Double, Double> buckets) {

		static Timer empty() {
			return new Timer(0, 0, new TreeMap<>());
		}

		Timer minus(Timer before) {
			Map<Double, Double> b = new TreeMap<>();
			buckets.forEach((le, n) -> b.put(le, n - before.buckets.getOrDefault(le, 0.0)));
			return new Timer(count - before.count, sum - before.sum, b);
		}

		/** Mean in milliseconds (0 when nothing was timed). */
		double meanMillis() {
			return count <= 0 ? 0 : Math.round(sum / count * 1e6) / 1e3;
		}

		/** The upper bound, in milliseconds, of the bucket that holds the {@code q} quantile (0 when empty). */
		double quantileAtMostMillis(double q) {
			if (count <= 0) {
				return 0;
			}
			for (Map.Entry<Double, Double> e : buckets.entrySet()) {
				if (e.getValue() >= q * count) {
					return Double.isInfinite(e.getKey()) ? Double.POSITIVE_INFINITY : Math.round(e.getKey() * 1e6) / 1e3;
				}
			}
			return Double.POSITIVE_INFINITY;
		}
	}

	/** Scrapes once; null when the server does not answer (the simulator then reports without these figures). */
	Snapshot scrape() {
		String body;
		try {
			HttpResponse<String> r = http.send(HttpRequest.newBuilder(scrape).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
			if (r.statusCode() != 200) {
				return null;
			}
			body = r.body();
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		Acc commands = new Acc();
		Acc stops = new Acc();
		Acc halts = new Acc();
		for (String line : body.split("\n")) {
			Matcher m = LINE.matcher(line.trim());
			if (!m.matches()) {
				continue;
			}
			double value = Double.parseDouble(m.group(4));
			boolean halt = m.group(1).startsWith("andon_stop_halt");
			String labels = m.group(3) == null ? "" : m.group(3);
			halt(halt ? halts : commands, m.group(2), labels, value);
			if (!halt && labels.contains("type=\"STOP\"")) {
				halt(stops, m.group(2), labels, value);
			}
		}
		return new Snapshot(commands.timer(), stops.timer(), halts.timer());
	}

	private static void halt(Acc acc, String part, String labels, double value) {
		switch (part) {
			case "count" -> acc.count += value;
			case "sum" -> acc.sum += value;
			default -> {
				Matcher le = LE.matcher(labels);
				if (le.find()) {
					double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
					acc.buckets.merge(bound, value, Double::sum);
				}
			}
		}
	}

	private static final class Acc {

		double count;
		double sum;
		final Map<Double, Double> buckets = new TreeMap<>();

		Timer timer() {
			return new Timer(count, sum, buckets);
		}
	}
}
