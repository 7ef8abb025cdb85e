package org.andon.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus assets in ops/prometheus: the scrape config and the alert rules are valid for promtool, the rules
 * pass their unit tests, and they name only metrics a running line server exposes; the live scrape itself passes {@code promtool check metrics}.
 */
class PrometheusAssetsTests {

	/** Series Prometheus makes itself for every target; never on the line server's scrape. */
	static final Set<String> PROMETHEUS_SERIES = Set.of("up");

	/** The rules of the optional MQTT bridge and silent-station watch (groups andon-mqtt, andon-silence). */
	static final Set<String> MQTT_ALERTS = Set.of("AndonMqttBridgeDisconnected", "AndonMqttDeviceFlapping",
			"AndonMqttDeviceRefused", "AndonSilentStationWatchStuck");

	private static final Path DIR = OpsFiles.asset("prometheus/prometheus.yml").getParent();

	@Test
	void theScrapeConfigIsValidAndLoadsTheRules() {
		Promtool.Result r = Promtool.run(DIR, "check", "config", "prometheus.yml");
		assertThat(r.ok()).as(r.output()).isTrue();
		assertThat(r.output()).contains("SUCCESS: 1 rule files found");
	}

	@Test
	void theScrapeConfigPointsAtTheLineServersPrometheusEndpoint() {
		Map<String, Object> job = Yaml.map(Yaml.list(Yaml.load(DIR.resolve("prometheus.yml")).get("scrape_configs"))
			.get(0));
		assertThat(job.get("job_name")).isEqualTo(LineServerJob.NAME);
		assertThat(job.get("metrics_path")).isEqualTo(LineServerJob.METRICS_PATH);
	}

	@Test
	void theAlertRulesAreValid() {
		Promtool.Result r = Promtool.run(DIR, "check", "rules", "andon-rules.yml");
		assertThat(r.ok()).as(r.output()).isTrue();
	}

	@Test
	void theAlertRulesPassTheirUnitTests() {
		Promtool.Result r = Promtool.run(DIR, "test", "rules", "andon-rules.test.yml");
		assertThat(r.ok()).as(r.output()).isTrue();
		assertThat(r.output()).contains("SUCCESS");
	}

	/** The harness itself: a broken rule file must come back as a failure, or the checks above prove nothing. */
	@Test
	void promtoolFailsABrokenRule(@TempDir Path dir) throws Exception {
		Files.writeString(dir.resolve("broken.yml"), """
				groups:
				  - name: broken
				    rules:
				      - alert: Broken
				        expr: sum(rate(andon_stops_total[5m])
				""");
		Promtool.Result r = Promtool.run(dir, "check", "rules", "broken.yml");
		assertThat(r.ok()).isFalse();
		assertThat(r.output()).contains("broken.yml");
	}

	@Test
	void everyAlertSaysHowBadItIsAndWhatToDo() {
		for (Map<String, Object> alert : alerts().values()) {
			assertThat(Yaml.map(alert.get("labels")).get("severity")).as(alert.get("alert").toString())
				.isIn("critical", "warning");
			Map<String, Object> annotations = Yaml.map(alert.get("annotations"));
			assertThat(annotations).as(alert.get("alert").toString()).containsKeys("summary", "description");
		}
	}

	/** An alert nobody has seen fire in a test is an alert nobody knows will fire. */
	@Test
	void everyAlertIsShownFiringInTheUnitTests() {
		Set<String> fired = new HashSet<>();
		for (Object test : Yaml.list(Yaml.load(DIR.resolve("andon-rules.test.yml")).get("tests"))) {
			for (Object check : Yaml.list(Yaml.map(test).get("alert_rule_test"))) {
				if (!Yaml.list(Yaml.map(check).get("exp_alerts")).isEmpty()) {
					fired.add((String) Yaml.map(check).get("alertname"));
				}
			}
		}
		assertThat(fired).containsAll(alerts().keySet());
	}

	@Test
	void theAlertRulesUseTheScrapeJobOfTheConfig() throws Exception {
		Matcher m = Pattern.compile("job=\"([^\"]*)\"").matcher(Files.readString(DIR.resolve("andon-rules.yml")));
		List<String> jobs = new ArrayList<>();
		while (m.find()) {
			jobs.add(m.group(1));
		}
		assertThat(jobs).isNotEmpty().containsOnly(LineServerJob.NAME);
	}

	@Test
	void theAlertRulesNameOnlyMetricsTheLineServerExposes() throws Exception {
		Exposition scrape = LiveScrape.get();
		Set<String> used = new HashSet<>();
		for (Map<String, Object> alert : alerts().values()) {
			if (MQTT_ALERTS.contains((String) alert.get("alert"))) {
				continue; // this scrape has neither: MqttAssetsTests checks them against a server that has both
			}
			String expr = (String) alert.get("expr");
			assertThat(scrape.problems(expr, PROMETHEUS_SERIES)).as(alert.get("alert") + ": " + expr).isEmpty();
			PromQl.parse(expr).selectors().forEach(s -> used.add(s.metric()));
		}
		assertThat(used).as("the station-offline rule's metrics").contains("andon_station_connected",
				"andon_shift_active");
	}

	@Test
	void aLiveScrapePassesPromtoolCheckMetrics() throws Exception {
		String scrape = LiveScrape.get().text();
		Promtool.Result r = Promtool.withInput(DIR, scrape, "check", "metrics");
		// 0: clean; 3: lint findings only (Boot's own metrics: "no help text", "abbreviated units"); 1: unreadable
		assertThat(r.exitCode()).as(r.output()).isIn(0, 3);
		assertThat(andonLintFindings(r.output())).as("promtool findings on the andon metrics").isEmpty();
	}

	/** The check above must be able to fail: an andon metric that breaks the conventions is reported. */
	@Test
	void promtoolReportsAnAndonMetricThatBreaksTheConventions() {
		String bad = """
				# HELP andon_stop_time_ms Stop time
				# TYPE andon_stop_time_ms counter
				andon_stop_time_ms 3.0
				""";
		Promtool.Result r = Promtool.withInput(DIR, bad, "check", "metrics");
		assertThat(andonLintFindings(r.output())).isNotEmpty();
	}

	private static List<String> andonLintFindings(String promtoolOutput) {
		return promtoolOutput.lines().filter(l -> l.startsWith("andon_") || l.contains("error")).toList();
	}

	private static Map<String, Map<String, Object>> alerts() {
		Map<String, Map<String, Object>> alerts = new LinkedHashMap<>();
		for (Object group : Yaml.list(Yaml.load(DIR.resolve("andon-rules.yml")).get("groups"))) {
			for (Object rule : Yaml.list(Yaml.map(group).get("rules"))) {
				Map<String, Object> r = Yaml.map(rule);
				if (r.containsKey("alert")) {
					alerts.put((String) r.get("alert"), r);
				}
			}
		}
		assertThat(alerts).isNotEmpty();
		return alerts;
	}
}
