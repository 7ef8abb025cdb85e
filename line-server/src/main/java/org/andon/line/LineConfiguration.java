package org.andon.line;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;

/** Loads the plant topology named by {@code andon.topology} (the shipped demo plant by default). */
@Configuration(proxyBeanMethods = false)
class LineConfiguration {

	@Bean
	Topology topology(@Value("${andon.topology:classpath:demo-plant.yml}") Resource file) {
		return TopologyLoader.load(file);
	}
}
