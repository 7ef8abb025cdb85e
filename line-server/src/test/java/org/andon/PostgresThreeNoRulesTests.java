package org.andon;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The ThreeNoRules scenarios on PostgreSQL instead of H2: same code, same migrations. */
class PostgresThreeNoRulesTests extends ThreeNoRulesTests {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresDatabase.register(registry);
	}
}
