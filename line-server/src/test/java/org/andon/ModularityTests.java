package org.andon;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClass;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModuleDependency;
import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The feature packages (line, log, command, stop, handoff, incident, paging, quality, people, protocol) and the
 * edges (messaging for STOMP, web for HTTP) form modules without cycles, none reaches into another's internals, and
 * each keeps to the dependencies its package-info allows (paging: only the topology; messaging: of paging only the
 * live-push channel). Checked against the real package names, so the check fails if a module is renamed away.
 */
class ModularityTests {

	/** The transports: they depend on the features they carry, never the other way round. */
	static final List<String> EDGES = List.of("messaging", "web", "mqtt");

	// the shared test-support module's classes share the base package but are no part of the line server
	private final ApplicationModules modules = ApplicationModules.of(LineServerApplication.class,
			JavaClass.Predicates.resideInAPackage("org.andon.testsupport.."));

	@Test
	void modulesHaveNoCyclesAndUseOnlyEachOthersPublishedTypes() {
		modules.verify();
	}

	@Test
	void theFeatureModulesAreTheOnesTheDesignNames() {
		assertThat(modules.stream().map(ApplicationModule::getIdentifier).map(Object::toString))
			.containsExactlyInAnyOrder("line", "log", "command", "stop", "handoff", "incident", "paging", "quality",
					"people", "protocol", "messaging", "web", "mqtt", "silence");
	}

	@Test
	void noFeatureDependsOnATransport() {
		modules.stream().filter(m -> !EDGES.contains(m.getIdentifier().toString())).forEach(feature -> assertThat(
				feature.getDirectDependencies(modules).uniqueModules().map(m -> m.getIdentifier().toString()))
			.as("the modules %s depends on", feature.getIdentifier())
			.doesNotContainAnyElementsOf(EDGES));
	}

	@Test
	void pagingOffersItsLivePushChannelAsANamedInterfaceThatMessagingImplements() {
		ApplicationModule paging = modules.getModuleByName("paging").orElseThrow();
		assertThat(paging.getNamedInterfaces().getByName("live-push")).hasValueSatisfying(
				live -> assertThat(live.asJavaClasses().map(JavaClass::getSimpleName)).containsExactly("LivePush"));
		ApplicationModule messaging = modules.getModuleByName("messaging").orElseThrow();
		assertThat(messaging.getDirectDependencies(modules).stream()
			.filter(d -> d.getTargetModule().equals(paging))
			.map(ApplicationModuleDependency::getTargetType)
			.map(JavaClass::getSimpleName)).containsOnly("LivePush");
	}

	@Test
	void theHandOffRulesDependOnStopsButStopsKnowNothingOfHandOffs() {
		ApplicationModule stop = modules.getModuleByName("stop").orElseThrow();
		ApplicationModule handoff = modules.getModuleByName("handoff").orElseThrow();
		assertThat(handoff.getBootstrapDependencies(modules).map(ApplicationModule::getName)).contains("stop");
		assertThat(stop.getBootstrapDependencies(modules).map(ApplicationModule::getName)).doesNotContain("handoff");
	}
}
