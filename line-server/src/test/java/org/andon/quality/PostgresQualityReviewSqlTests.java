package org.andon.quality;

import org.andon.PostgresDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The quality review's SQL on PostgreSQL: the same history, the same figures, the same migrations. */
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
class PostgresQualityReviewSqlTests extends QualityReviewSqlTests {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		String url = PostgresDatabase.create();
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> PostgresDatabase.USER);
	}
}
