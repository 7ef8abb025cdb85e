package org.andon.log;

import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Transient;

import org.springframework.data.domain.Persistable;

/**
 * Base of entities whose id is assigned by the line server (a log sequence number, a command id, a station id).
 * Spring Data cannot tell such a row is new from its id, and would merge it: a SELECT first, and a detached copy
 * that silently drops later changes. Saving a row created here persists it; a loaded row is updated.
 */
@MappedSuperclass
public abstract class AssignedIdEntity<ID> implements Persistable<ID> {

	@Transient
	private boolean stored;

	@Override
	public boolean isNew() {
		return !stored;
	}

	@PostLoad
	@PostPersist
	protected void markStored() {
		stored = true;
	}
}
