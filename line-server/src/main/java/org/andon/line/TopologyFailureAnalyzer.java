package org.andon.line;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an invalid topology file into a short start-up message instead of a page of bean-creation stack trace. */
class TopologyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidTopologyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidTopologyException cause) {
		return new FailureAnalysis(cause.getMessage(), "Fix the topology file, or point andon.topology at another "
				+ "one (for example --andon.topology=file:/etc/andon/plant.yml).", cause);
	}
}
