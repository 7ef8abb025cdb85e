package org.andon.ops;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** ops/grafana/andon-dashboard.json, read: its panels (rows' panels included) and their PromQL queries. */
final class Dashboard {

	final JsonNode json;

	private Dashboard(JsonNode json) {
		this.json = json;
	}

	static Dashboard load() {
		return new Dashboard(JsonMapper.builder().build().readTree(OpsFiles.asset("grafana/andon-dashboard.json")
			.toFile()));
	}

	List<JsonNode> panels() {
		List<JsonNode> all = new ArrayList<>();
		for (JsonNode panel : json.path("panels")) {
			all.add(panel);
			panel.path("panels").forEach(all::add); // the panels of a collapsed row
		}
		return all;
	}

	List<String> queries() {
		List<String> exprs = new ArrayList<>();
		for (JsonNode panel : panels()) {
			panel.path("targets").forEach(t -> exprs.add(t.path("expr").asString()));
		}
		return exprs;
	}

	JsonNode variable(String name) {
		for (JsonNode v : json.path("templating").path("list")) {
			if (name.equals(v.path("name").asString())) {
				return v;
			}
		}
		throw new AssertionError("no dashboard variable " + name);
	}

	/** A query as Prometheus receives it from Grafana: the variables replaced by values of their kind. */
	static String concrete(String expr) {
		return expr.replace("$__rate_interval", "1m").replace("$__range_s", "28800").replace("$__range", "8h")
			.replace("$__interval", "15s").replace("$line", ".*");
	}
}
