package org.andon.ops.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The simulated plant: {@code lines} straight lines of {@code stationsPerLine} stations each ({@code L01-S01 ->
 * L01-S02 -> ...}), a shift lead who resumes stops and {@code boards} board users who follow the lines. Ids and
 * secrets follow from the sizes alone (station token {@code sim-} + id in lower case, every person's password
 * {@code sim}), so a simulator can drive a server that was started with a plant file written by an earlier run.
 */
record Plant(int lines, int stationsPerLine, int boards) {

	static final String LEAD = "sim-lead";
	static final String PASSWORD = "sim";
	static final String DEFECT = "SIM-DEFECT";
	/** BCrypt's cheapest cost: a plant of 2,000 stations hashes in seconds and signs in without a CPU storm. */
	private static final int COST = 4;

	Plant {
		if (lines < 1 || stationsPerLine < 2 || boards < 0) {
			throw new IllegalArgumentException("a plant needs at least one line of at least two stations");
		}
	}

	String lineId(int line) {
		return String.format(Locale.ROOT, "L%02d", line + 1);
	}

	String stationId(int line, int position) {
		return String.format(Locale.ROOT, "%s-S%02d", lineId(line), position + 1);
	}

	static String token(String stationId) {
		return "sim-" + stationId.toLowerCase(Locale.ROOT);
	}

	String board(int index) {
		return String.format(Locale.ROOT, "sim-board-%03d", index + 1);
	}

	/** The line board {@code index} follows: boards are dealt out over the lines in turn. */
	int lineOfBoard(int index) {
		return index % lines;
	}

	int stations() {
		return lines * stationsPerLine;
	}

	/** The plant file in the line server's topology format (line-server/src/main/resources/demo-plant.yml). */
	String yaml() {
		StringBuilder y = new StringBuilder();
		y.append("# Written by ops/bin/simulate: ").append(lines).append(" lines of ").append(stationsPerLine)
			.append(" stations, ").append(boards).append(" boards.\n")
			.append("# Station tokens: sim-<station id in lower case>; every person's password: sim. Not for a real plant.\n")
			.append("plant:\n  name: Simulated plant\n  zone: UTC\n\nstations:\n");
		for (int l = 0; l < lines; l++) {
			for (int s = 0; s < stationsPerLine; s++) {
				String id = stationId(l, s);
				y.append("  - { id: ").append(id).append(", name: Station ").append(s + 1).append(" of line ")
					.append(lineId(l)).append(", cycleSeconds: 60, token: '").append(hash(token(id))).append("' }\n");
			}
		}
		y.append("\nlines:\n");
		for (int l = 0; l < lines; l++) {
			List<String> ids = new ArrayList<>();
			for (int s = 0; s < stationsPerLine; s++) {
				ids.add(stationId(l, s));
			}
			y.append("  - id: ").append(lineId(l)).append("\n    name: Simulated line ").append(l + 1)
				.append("\n    stations: [").append(String.join(", ", ids)).append("]\n    edges:\n");
			for (int s = 0; s + 1 < stationsPerLine; s++) {
				y.append("      - { from: ").append(ids.get(s)).append(", to: ").append(ids.get(s + 1)).append(" }\n");
			}
			y.append("    defectCodes:\n      - { code: ").append(DEFECT).append(", description: Simulated defect }\n")
				// one level, a long wait: the lead resumes every stop long before anyone else would be paged
				.append("    escalation:\n      - { level: shift lead, page: [user:").append(LEAD)
				.append("], channels: [push], waitMinutes: 240 }\n")
				// the simulated stops are QUALITY stops that the simulated lead resumes alone, with no quality staff
				// on this floor to give the second key; a real plant keeps two keys
				.append("    qualityRestart: { twoKeys: false }\n");
		}
		String password = hash(PASSWORD);
		y.append("\nusers:\n  - { username: ").append(LEAD).append(", name: Simulated shift lead, password: '")
			.append(password).append("', roles: [LEAD] }\n");
		for (int b = 0; b < boards; b++) {
			y.append("  - { username: ").append(board(b)).append(", name: Line board ").append(b + 1)
				.append(", password: '").append(password).append("', roles: [QUALITY] }\n");
		}
		return y.toString();
	}

	void write(Path file) throws IOException {
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null) {
			Files.createDirectories(parent);
		}
		Files.writeString(file, yaml(), StandardCharsets.UTF_8);
	}

	private static String hash(String secret) {
		return BCrypt.hashpw(secret, BCrypt.gensalt(COST));
	}
}
