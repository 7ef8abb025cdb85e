package org.andon.handoff;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Read side of the parts one station deals with, for a station that signs in late: the parts on their way to it
 * (passed by a supplier, not yet accepted or rejected) and the parts it holds, each with its open defects.
 */
@Service
public class StationParts {

	/** A part a supplier passed to the station; {@code handOffId} is the seq of its PART_PASSED (and PART_INCOMING). */
	public record Incoming(String partSerial, String from, Instant passedAt, long handOffId) {
	}

	/**
	 * A part the station holds since it was received, accepted or rejected back to it. A part with open defects is
	 * held: it cannot be passed until reworked or scrapped.
	 */
	public record Held(String partSerial, Instant since, List<OpenDefect> openDefects) {
	}

	/** An open defect on a held part; {@code id} is the seq of the entry that opened it. */
	public record OpenDefect(long id, String code, String foundAt, String originStationId, String note,
			Instant openedAt) {
	}

	/**
	 * A part at the station or on its way to it that is on hold: it cannot be passed on until quality releases or
	 * confirms it. {@code origin} made the defect ({@code defectCode} on {@code defectSerial}) that made it suspect.
	 */
	public record OnHold(long holdId, String partSerial, String origin, String defectCode, String defectSerial,
			Instant placedAt) {
	}

	private final PartRepository parts;
	private final HandOffRepository handOffs;
	private final DefectRepository defects;
	private final org.springframework.jdbc.core.JdbcTemplate jdbc;

	StationParts(PartRepository parts, HandOffRepository handOffs, DefectRepository defects,
			org.springframework.jdbc.core.JdbcTemplate jdbc) {
		this.parts = parts;
		this.handOffs = handOffs;
		this.defects = defects;
		this.jdbc = jdbc;
	}

	/** The open holds on parts at the station or in transit to it, oldest first. Joins the caller's transaction. */
	@Transactional(readOnly = true)
	public List<OnHold> holds(String lineId, String stationId) {
		return jdbc.query("select h.id, h.part_serial, c.origin_station, c.defect_code, c.part_serial defect_serial, "
				+ "h.placed_at from part_hold h join containment c on c.id = h.containment_id join part p on "
				+ "p.line_id = h.line_id and p.serial = h.part_serial where h.line_id = ? and h.status = 'OPEN' and "
				+ "p.holder_station = ? and p.status in ('AT_STATION', 'IN_TRANSIT') order by h.id",
				(rs, n) -> new OnHold(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
						org.andon.log.RowWrites.instant(rs, "placed_at")), lineId, stationId);
	}

	/** Parts passed to the station and not yet decided there, oldest hand-off first. Joins the caller's transaction. */
	@Transactional(readOnly = true)
	public List<Incoming> incoming(String lineId, String stationId) {
		return handOffs.pendingTo(lineId, stationId).stream()
			.map(h -> new Incoming(h.partSerial(), h.fromStation(), h.passedAt(), h.id()))
			.toList();
	}

	/** Parts the station holds, longest held first. Joins the caller's transaction. */
	@Transactional(readOnly = true)
	public List<Held> held(String lineId, String stationId) {
		List<Part> held = parts.heldBy(lineId, stationId);
		if (held.isEmpty()) {
			return List.of();
		}
		List<String> serials = held.stream().map(Part::serial).toList();
		// Since when: the last arrival here. A part can come back (a customer rejected it), so take the latest.
		Map<String, Instant> since = new HashMap<>();
		held.stream().filter(p -> p.entryStation().equals(stationId))
			.forEach(p -> since.put(p.serial(), p.receivedAt()));
		// Read with plain SQL, not as entities: the snapshot read incoming() first in this transaction, and a part
		// accepted since then would come back as the PENDING entity already loaded, without its decision's time.
		String in = String.join(",", java.util.Collections.nCopies(serials.size(), "?"));
		List<Object> args = new java.util.ArrayList<>(List.of(lineId, stationId, stationId));
		args.addAll(serials);
		jdbc.query("select part_serial, decided_at from hand_off where line_id = ? and ((to_station = ? and decision = "
				+ "'ACCEPTED') or (from_station = ? and decision = 'REJECTED')) and part_serial in (" + in + ")",
				rs -> {
					Instant decided = org.andon.log.RowWrites.instant(rs, "decided_at");
					if (decided != null) {
						since.merge(rs.getString(1), decided, (a, b) -> a.isAfter(b) ? a : b);
					}
				}, args.toArray());
		Map<String, List<OpenDefect>> open = new LinkedHashMap<>();
		defects.openOn(lineId, serials)
			.forEach(d -> open.computeIfAbsent(d.partSerial(), s -> new java.util.ArrayList<>()).add(d.view()));
		return held.stream()
			.map(p -> new Held(p.serial(), since.get(p.serial()), List.copyOf(open.getOrDefault(p.serial(),
					List.of()))))
			.sorted(Comparator.comparing(Held::since, Comparator.nullsLast(Comparator.naturalOrder()))
				.thenComparing(Held::partSerial))
			.toList();
	}
}
