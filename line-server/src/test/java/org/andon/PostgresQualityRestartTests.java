package org.andon;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The two-key restart scenarios on PostgreSQL instead of H2. */
class PostgresQualityRestartTests extends QualityRestartTests {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresDatabase.register(registry);
	}
}
