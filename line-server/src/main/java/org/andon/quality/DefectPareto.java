package org.andon.quality;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The defect codes of a line over a period, most frequent first (ties by code), with shares for a Pareto chart. */
@Component
class DefectPareto {

	private final JdbcTemplate jdbc;

	DefectPareto(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional(readOnly = true)
	List<ParetoBar> of(String lineId, Map<String, String> descriptions, Period period) {
		Map<String, Long> counts = new LinkedHashMap<>();
		jdbc.query("select code, count(*) n from defect where line_id = ?" + period.on("opened_at")
				+ " group by code order by count(*) desc, code", rs -> {
					counts.put(rs.getString("code"), rs.getLong("n"));
				}, Sql.args(lineId, period.args()));
		long total = counts.values().stream().mapToLong(Long::longValue).sum();
		List<ParetoBar> bars = new ArrayList<>();
		long running = 0;
		for (Map.Entry<String, Long> e : counts.entrySet()) {
			running += e.getValue();
			bars.add(new ParetoBar(e.getKey(), descriptions.get(e.getKey()), e.getValue(),
					e.getValue() / (double) total, running / (double) total));
		}
		return bars;
	}
}
