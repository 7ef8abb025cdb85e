package org.andon.handoff;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.criteria.Predicate;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read side of the hand-off log for quality staff: filtered, paged, newest first. */
@Service
public class HandOffLog {

	private final HandOffRepository handOffs;

	HandOffLog(HandOffRepository handOffs) {
		this.handOffs = handOffs;
	}

	/** Filters; any may be null. {@code station} matches either end of the hand-off. */
	public record Filter(String line, String station, String part, String decision, String defectCode, Instant from,
			Instant to) {
	}

	@Transactional(readOnly = true)
	public Page<HandOffView> search(Filter f, int page, int size) {
		Specification<HandOff> spec = (root, query, cb) -> {
			List<Predicate> where = new ArrayList<>();
			if (f.line() != null) {
				where.add(cb.equal(root.get("lineId"), f.line()));
			}
			if (f.station() != null) {
				where.add(cb.or(cb.equal(root.get("fromStation"), f.station()),
						cb.equal(root.get("toStation"), f.station())));
			}
			if (f.part() != null) {
				where.add(cb.equal(root.get("partSerial"), f.part()));
			}
			if (f.decision() != null) {
				where.add(cb.equal(root.get("decision"), HandOff.Decision.valueOf(f.decision())));
			}
			if (f.defectCode() != null) {
				where.add(cb.equal(root.get("defectCode"), f.defectCode()));
			}
			if (f.from() != null) {
				where.add(cb.greaterThanOrEqualTo(root.get("passedAt"), f.from()));
			}
			if (f.to() != null) {
				where.add(cb.lessThan(root.get("passedAt"), f.to()));
			}
			return cb.and(where.toArray(Predicate[]::new));
		};
		return handOffs.findAll(spec, PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "id")))
			.map(HandOff::view);
	}

	/** The decisions a filter may name. */
	public static List<String> decisions() {
		return java.util.Arrays.stream(HandOff.Decision.values()).map(Enum::name).toList();
	}
}
