package org.andon.ops;

/** The scrape job the Prometheus config, the alert rules and the dashboard agree on. */
final class LineServerJob {

	static final String NAME = "andon-line-server";
	static final String METRICS_PATH = "/actuator/prometheus";

	private LineServerJob() {
	}
}
