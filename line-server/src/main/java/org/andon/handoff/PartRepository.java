package org.andon.handoff;

import org.springframework.data.jpa.repository.JpaRepository;

interface PartRepository extends JpaRepository<Part, Part.Key> {
}
