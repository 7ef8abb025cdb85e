package org.andon;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The STATE snapshot's parts and customer stops read on PostgreSQL instead of H2. */
class PostgresStationSnapshotTests extends StationSnapshotTests {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresDatabase.register(registry);
	}
}
