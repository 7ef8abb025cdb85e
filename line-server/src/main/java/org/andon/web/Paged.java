package org.andon.web;

import java.util.List;

import org.springframework.data.domain.Page;

/** One page of a listing, with what a client needs to fetch the next one. */
record Paged<T>(List<T> items, int page, int size, long total, int pages) {

	static <T> Paged<T> of(Page<T> p) {
		return new Paged<>(p.getContent(), p.getNumber(), p.getSize(), p.getTotalElements(), p.getTotalPages());
	}
}
