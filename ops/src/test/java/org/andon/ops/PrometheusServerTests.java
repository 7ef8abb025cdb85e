package org.andon.ops;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.andon.testsupport.StationSession;
import org.andon.testsupport.LineServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus with ops/prometheus/prometheus.yml and the rules, scraping the live line server's metrics (the
 * {@link LiveScrape}, served at the config's metrics path; only the target address and the intervals changed):
 * every rule evaluates without error, a healthy line raises no alert, and every dashboard query runs and returns
 * data. promtool checks syntax; this checks what only evaluation on real series shows (vector matching, labels).
 */
class PrometheusServerTests {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@Test
	void prometheusScrapesTheLineServerEvaluatesEveryRuleAndAnswersEveryDashboardQuery(@TempDir Path dir)
			throws Exception {
		String metrics = LiveScrape.get().text();
		HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		target.createContext(LineServerJob.METRICS_PATH, exchange -> {
			byte[] body = metrics.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		target.start();
		Path config = dir.resolve("prometheus.yml");
		Files.writeString(config, Files.readString(OpsFiles.asset("prometheus/prometheus.yml"))
			.replace("'127.0.0.1:8080'", "'127.0.0.1:" + target.getAddress().getPort() + "'")
			.replace("interval: 15s", "interval: 1s").replace("scrape_timeout: 5s", "scrape_timeout: 1s"));
		Files.copy(OpsFiles.asset("prometheus/andon-rules.yml"), dir.resolve("andon-rules.yml"));
		int port = LineServerProcess.freePort();
		Path log = dir.resolve("prometheus.log");
		Process prometheus = new ProcessBuilder(Promtool.prometheus().toString(), "--config.file=" + config,
				"--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
			.redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			// three scrapes, so that rate() and increase() over a minute have something to work with
			String scraped = "count_over_time(up{job=\"" + LineServerJob.NAME + "\"}[1m]) >= 3 and on() up{job=\""
					+ LineServerJob.NAME + "\"} == 1";
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
				assertThat(prometheus.isAlive()).as("prometheus is running; its log:\n%s", Files.readString(log))
					.isTrue();
				try {
					return !value(port, scraped).isEmpty();
				}
				catch (IOException notListeningYet) {
					return false;
				}
			});
			List<JsonNode> rules = new ArrayList<>();
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				rules.clear();
				for (JsonNode group : api(port, "/api/v1/rules").path("data").path("groups")) {
					group.path("rules").forEach(rules::add);
				}
				assertThat(rules).allSatisfy(r -> assertThat(r.path("lastEvaluation").asString())
					.doesNotStartWith("0001"));
			});
			assertThat(rules).hasSize(19);
			assertThat(rules.stream().filter(r -> !"ok".equals(r.path("health").asString()))
				.map(r -> r.path("name").asString() + ": " + r.path("lastError").asString()))
				.as("rules that failed to evaluate").isEmpty();
			// a shift is always on in the demo roster, so the station-offline rule fires (pending for its minute) for
			// exactly the stations the scrape shows without a session, and no other alert fires on a healthy line
			List<String> offline = new ArrayList<>();
			java.util.regex.Matcher m = java.util.regex.Pattern
				.compile("andon_station_connected\\{line=\"FA1\",station=\"([A-Z-]+)\"} 0\\.0").matcher(metrics);
			while (m.find()) {
				offline.add("AndonStationOffline " + m.group(1));
			}
			List<String> alerts = new ArrayList<>();
			api(port, "/api/v1/alerts").path("data").path("alerts").forEach(a -> alerts
				.add(a.path("labels").path("alertname").asString() + " " + a.path("labels").path("station").asString()));
			assertThat(alerts).as("alerts on a healthy line; scraped:\n" + metrics.lines()
				.filter(l -> l.startsWith("andon_station_connected")).toList()).containsExactlyInAnyOrderElementsOf(offline);
			for (String query : Dashboard.load().queries()) {
				assertThat(value(port, Dashboard.concrete(query))).as(query).isNotEmpty();
			}
		}
		finally {
			prometheus.destroy();
			if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
				prometheus.destroyForcibly();
			}
			target.stop(0);
		}
	}

	/** The result vector of an instant query; fails on a query error. */
	private static List<JsonNode> value(int port, String query) throws IOException, InterruptedException {
		JsonNode answer = api(port, "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
		assertThat(answer.path("status").asString()).as(query + ": " + answer).isEqualTo("success");
		List<JsonNode> result = new ArrayList<>();
		answer.path("data").path("result").forEach(result::add);
		return result;
	}

	private static JsonNode api(int port, String path) throws IOException, InterruptedException {
		HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
		return StationSession.JSON.readTree(r.body());
	}
}
