package org.andon;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The containment scenarios on PostgreSQL instead of H2: same code, same migrations. */
class PostgresContainmentTests extends ContainmentTests {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresDatabase.register(registry);
	}
}
