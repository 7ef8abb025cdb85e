package org.andon.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard in ops/grafana: loadable by file provisioning, every query valid PromQL naming only metrics
 * and labels a running line server really exposes, and the panels the plant asked for are there.
 */
class GrafanaDashboardTests {

	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((\\w+),\\s*(\\w+)\\)");

	private final Dashboard board = Dashboard.load();
	private final JsonNode dashboard = board.json;

	@Test
	void theDashboardIsReadyForFileProvisioning() {
		assertThat(dashboard.path("id").isNull() || dashboard.path("id").isMissingNode())
			.as("a provisioned dashboard has no database id").isTrue();
		assertThat(dashboard.path("uid").asString()).matches("[a-z0-9-]{1,40}");
		assertThat(dashboard.path("title").asString()).isNotBlank();
		assertThat(dashboard.path("schemaVersion").asInt()).isPositive();
		JsonNode datasource = variable("datasource");
		assertThat(datasource.path("type").asString()).isEqualTo("datasource");
		assertThat(datasource.path("query").asString()).isEqualTo("prometheus");
	}

	@Test
	void everyPanelHasAUniqueIdAPlaceOnTheGridAndTheDashboardsDataSource() {
		Set<Integer> ids = new HashSet<>();
		for (JsonNode panel : panels()) {
			String title = panel.path("title").asString();
			assertThat(ids.add(panel.path("id").asInt())).as("unique id of " + title).isTrue();
			JsonNode grid = panel.path("gridPos");
			assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(title).isBetween(1, 24);
			assertThat(grid.path("h").asInt()).as(title).isPositive();
			if (!"row".equals(panel.path("type").asString())) {
				assertThat(panel.path("datasource").path("uid").asString()).as(title).isEqualTo("${datasource}");
				assertThat(panel.path("targets").size()).as(title).isPositive();
				Set<String> refIds = new HashSet<>();
				for (JsonNode target : panel.path("targets")) {
					assertThat(refIds.add(target.path("refId").asString())).as(title).isTrue();
					assertThat(target.path("expr").asString()).as(title).isNotBlank();
				}
			}
		}
	}

	@Test
	void theProvisioningFilesPointAtTheDashboardAndAPrometheusDataSource() {
		Map<String, Object> provider = Yaml.map(Yaml.list(Yaml.load(
				OpsFiles.asset("grafana/provisioning/dashboards/andon.yaml")).get("providers")).get(0));
		assertThat(provider.get("type")).isEqualTo("file");
		assertThat((String) Yaml.map(provider.get("options")).get("path")).startsWith("/");
		Map<String, Object> source = Yaml.map(Yaml.list(Yaml.load(
				OpsFiles.asset("grafana/provisioning/datasources/prometheus.yaml")).get("datasources")).get(0));
		assertThat(source.get("type")).isEqualTo("prometheus");
	}

	/** What the issue asks the dashboard to show: a panel querying the metric, grouped by those labels. */
	@Test
	void thePanelsThePlantAskedForAreThere() {
		assertThat(panelGrouping("andon_stops_total", "line", "reason")).as("stops by line and reason").isTrue();
		assertThat(panelGrouping("andon_stations", "state")).as("stations by state").isTrue();
		assertThat(panelGrouping("andon_rejects_total", "defect_code")).as("rejects by defect code").isTrue();
		assertThat(panelGrouping("andon_rejects_total", "supplier")).as("rejects by supplier station").isTrue();
		assertThat(panelGrouping("andon_commands_refused_total", "code")).as("refused commands by code").isTrue();
		assertThat(panelGrouping("andon_command_duration_seconds_bucket", "le")).as("command latency").isTrue();
		assertThat(panelGrouping("andon_stop_halt_latency_seconds_bucket", "le")).as("stop-to-halt latency").isTrue();
		assertThat(panelGrouping("andon_incident_time_to_acknowledge_seconds_bucket", "le")).as("time to acknowledge")
			.isTrue();
		assertThat(panelGrouping("andon_incident_time_to_resolve_seconds_bucket", "le")).as("time to resolve").isTrue();
		assertThat(panelGrouping("andon_pages_total", "channel", "outcome")).as("pages by channel and outcome").isTrue();
	}

	/** promtool parses each query (Grafana's variables replaced by values of their kind) as a recording rule. */
	@Test
	void everyQueryIsValidPromQl(@TempDir Path dir) throws Exception {
		StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
		int n = 0;
		for (String expr : queries()) {
			String concrete = Dashboard.concrete(expr);
			rules.append("      - record: dashboard:query_").append(++n).append("\n        expr: '")
				.append(concrete.replace("'", "''")).append("'\n");
		}
		Files.writeString(dir.resolve("dashboard-queries.yml"), rules);
		Promtool.Result r = Promtool.run(dir, "check", "rules", "dashboard-queries.yml");
		assertThat(r.ok()).as(r.output() + "\n" + rules).isTrue();
		assertThat(r.output()).contains("SUCCESS: " + n + " rules found");
	}

	@Test
	void everyQueryNamesOnlyMetricsAndLabelsTheRunningLineServerExposes() throws Exception {
		Exposition scrape = LiveScrape.get();
		for (String expr : queries()) {
			assertThat(scrape.problems(expr, PrometheusAssetsTests.PROMETHEUS_SERIES)).as(expr).isEmpty();
		}
		for (JsonNode variable : dashboard.path("templating").path("list")) {
			if ("query".equals(variable.path("type").asString())) {
				Matcher m = LABEL_VALUES.matcher(variable.path("query").path("query").asString());
				assertThat(m.matches()).as(variable.toString()).isTrue();
				assertThat(scrape.labelsOf(m.group(1))).as(variable.toString()).contains(m.group(2));
			}
		}
	}

	@Test
	void everyQueryUsesTheScrapeJobOfThePrometheusConfig() {
		Pattern job = Pattern.compile("job=\"([^\"]*)\"");
		for (String expr : queries()) {
			Matcher m = job.matcher(expr);
			while (m.find()) {
				assertThat(m.group(1)).as(expr).isEqualTo(LineServerJob.NAME);
			}
		}
	}

	private boolean panelGrouping(String metric, String... labels) {
		for (String expr : queries()) {
			PromQl.Parsed parsed = PromQl.parse(expr);
			if (parsed.selectors().stream().anyMatch(s -> s.metric().equals(metric))
					&& parsed.groupingLabels().containsAll(List.of(labels))) {
				return true;
			}
		}
		return false;
	}

	private List<JsonNode> panels() {
		List<JsonNode> panels = board.panels();
		assertThat(panels).isNotEmpty();
		return panels;
	}

	private List<String> queries() {
		return board.queries();
	}

	private JsonNode variable(String name) {
		return board.variable(name);
	}
}
