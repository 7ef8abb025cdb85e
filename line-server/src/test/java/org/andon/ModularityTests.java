package org.andon;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feature packages (line, log, command, stop, handoff, people, messaging, web, protocol) form modules without
 * cycles, and none reaches into another's internals. Checked against the real package names, so the check fails if
 * a module is renamed away.
 */
class ModularityTests {

	private final ApplicationModules modules = ApplicationModules.of(LineServerApplication.class);

	@Test
	void modulesHaveNoCyclesAndUseOnlyEachOthersPublishedTypes() {
		modules.verify();
	}

	@Test
	void theFeatureModulesAreTheOnesTheDesignNames() {
		assertThat(modules.stream().map(ApplicationModule::getIdentifier).map(Object::toString))
			.contains("line", "log", "command", "stop", "handoff", "people", "messaging", "web", "protocol", "mqtt");
	}

	@Test
	void theHandOffRulesDependOnStopsButStopsKnowNothingOfHandOffs() {
		ApplicationModule stop = modules.getModuleByName("stop").orElseThrow();
		ApplicationModule handoff = modules.getModuleByName("handoff").orElseThrow();
		assertThat(handoff.getBootstrapDependencies(modules).map(ApplicationModule::getName)).contains("stop");
		assertThat(stop.getBootstrapDependencies(modules).map(ApplicationModule::getName)).doesNotContain("handoff");
	}
}
