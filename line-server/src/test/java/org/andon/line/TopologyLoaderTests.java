package org.andon.line;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The topology file is the line as built; anything that cannot be a real line stops the server from starting. */
class TopologyLoaderTests {

	static final String HASH = "$2a$10$GjZPj6EmCp5VUfCZtu732eHBTD1A1bo3gH9pPCP9XbqHzuAd1ko4S";

	@TempDir
	Path dir;

	@Test
	void theDemoPlantHasAFeederThatMergesIntoTheMainLine() {
		Topology t = TopologyLoader.load(new ClassPathResource("demo-plant.yml"));
		Line line = t.line("FA1").orElseThrow();
		assertThat(line.stations()).hasSize(8);
		assertThat(line.suppliersOf("ASSY")).containsExactlyInAnyOrder("PAINT", "SEAT-SEW");
		assertThat(line.downstreamOf("WELD")).containsExactly("PAINT", "ASSY", "TEST", "PACK");
		assertThat(line.downstreamOf("SEAT-CUT")).containsExactly("SEAT-SEW", "ASSY", "TEST", "PACK");
		assertThat(line.upstreamOf("ASSY")).containsExactlyInAnyOrder("PAINT", "WELD", "FRAME", "SEAT-SEW",
				"SEAT-CUT");
		assertThat(line.isEntry("FRAME")).isTrue();
		assertThat(line.isEntry("SEAT-CUT")).isTrue();
		assertThat(t.person("lead").orElseThrow().mayResume()).isTrue();
		assertThat(t.person("quality").orElseThrow().mayResume()).isFalse();
	}

	@Test
	void anEdgeToAnUnknownStation() throws Exception {
		assertInvalid(plant("[A, B]", "[{from: A, to: B}, {from: B, to: C}]", ""),
				"an edge of line 'L' names unknown station 'C'");
	}

	@Test
	void aCycle() throws Exception {
		assertInvalid(plant("[A, B, C]", "[{from: A, to: B}, {from: B, to: C}, {from: C, to: A}]", ""),
				"a cycle in line 'L': A -> B -> C -> A");
	}

	@Test
	void aDuplicateId() throws Exception {
		assertInvalid(plant("[A, B]", "[{from: A, to: B}]", "  - { id: A, token: '" + HASH + "' }\n"),
				"duplicate station id 'A'");
	}

	@Test
	void aStationOnNoLine() throws Exception {
		assertInvalid(plant("[A, B]", "[{from: A, to: B}]", "  - { id: LONELY, token: '" + HASH + "' }\n"),
				"station 'LONELY' is on no line");
	}

	@Test
	void aPlainTextToken() throws Exception {
		Path file = write("stations:\n  - { id: A, token: secret }\nlines:\n  - { id: L, stations: [A] }\n");
		assertInvalid(file, "station 'A' needs a token given as a BCrypt hash");
	}

	@Test
	void theServerRefusesToStartOnAnInvalidTopologyAndSaysWhichFileAndWhy() throws Exception {
		Path file = plant("[A, B]", "[{from: A, to: B}, {from: B, to: A}]", "");
		assertThatThrownBy(() -> new SpringApplicationBuilder(org.andon.LineServerApplication.class)
			.run("--server.port=0", "--andon.topology=file:" + file, "--spring.datasource.url=jdbc:h2:mem:topology")).hasStackTraceContaining("Invalid topology file " + file + ": a cycle in line 'L': A -> B -> A");
	}

	private Path plant(String stations, String edges, String extraStations) throws Exception {
		return write("stations:\n  - { id: A, token: '" + HASH + "' }\n  - { id: B, token: '" + HASH + "' }\n"
				+ ("  - { id: C, token: '" + HASH + "' }\n").repeat(stations.contains("C") ? 1 : 0) + extraStations
				+ "lines:\n  - id: L\n    stations: " + stations + "\n    edges: " + edges + "\n");
	}

	private Path write(String yaml) throws Exception {
		Path file = dir.resolve("plant.yml");
		Files.writeString(file, yaml, StandardCharsets.UTF_8);
		return file;
	}

	private static void assertInvalid(Path file, String problem) {
		assertThatThrownBy(() -> TopologyLoader.load(new FileSystemResource(file)))
			.isInstanceOf(InvalidTopologyException.class)
			.hasMessage("Invalid topology file " + file + ": " + problem);
	}
}
