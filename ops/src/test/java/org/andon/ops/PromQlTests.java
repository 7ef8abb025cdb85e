package org.andon.ops;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The PromQL reader the asset checks rest on: if it misses a metric, those checks pass for nothing. */
class PromQlTests {

	@Test
	void readsMetricsMatchersAndGroupingLabels() {
		PromQl.Parsed p = PromQl.parse("histogram_quantile(0.99, sum by (le, type) "
				+ "(rate(andon_command_duration_seconds_bucket{outcome=\"ACCEPTED\", line=~\"$line\"}[$__rate_interval])))"
				+ " > bool 0.05 and on () count(up{job=\"andon-line-server\"} offset 5m) > 0");
		assertThat(p.selectors()).containsExactly(
				new PromQl.Selector("andon_command_duration_seconds_bucket", Set.of("outcome", "line")),
				new PromQl.Selector("up", Set.of("job")));
		assertThat(p.groupingLabels()).containsExactly("le", "type");
	}

	@Test
	void readsSelectorsInsideSubqueriesAndNamedBySelector() {
		PromQl.Parsed p = PromQl.parse("sum_over_time((sum(andon_stations{state=\"STOPPED\"}) > bool 0)[$__range:1m])"
				+ " + sum without (instance) ({__name__=\"andon_stops_total\", reason='QUALITY'})");
		assertThat(p.selectors()).extracting(PromQl.Selector::metric).containsExactly("andon_stations",
				"andon_stops_total");
		assertThat(p.selectors().get(1).labels()).containsExactly("reason");
		assertThat(p.groupingLabels()).containsExactly("instance");
	}

	@Test
	void aMetricOrLabelTheScrapeDoesNotHaveIsAProblem() {
		Exposition scrape = Exposition.parse("""
				# TYPE andon_stops_total counter
				andon_stops_total{line="FA1",reason="QUALITY"} 2.0
				andon_stations{state="STOPPED"} 1.0
				""");
		assertThat(scrape.problems("sum by (line, reason) (increase(andon_stops_total[1h]))", Set.of())).isEmpty();
		assertThat(scrape.problems("andon_stops_total{job=\"andon-line-server\"}", Set.of())).isEmpty();
		assertThat(scrape.problems("rate(andon_stop_total[5m])", Set.of()))
			.containsExactly("andon_stop_total is not exposed by the line server");
		assertThat(scrape.problems("andon_stations{line=\"FA1\"}", Set.of()))
			.containsExactly("andon_stations has no label line (it has [state])");
		assertThat(scrape.problems("sum by (line) (andon_stations)", Set.of()))
			.containsExactly("no metric in the expression has the label line it groups or matches by");
		assertThat(scrape.problems("andon_pages_total > 0", Set.of("andon_pages_total"))).isEmpty();
	}
}
