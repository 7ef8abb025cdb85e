package org.andon.handoff;

import org.springframework.data.jpa.repository.JpaRepository;

interface DefectEscapeRepository extends JpaRepository<DefectEscape, DefectEscape.Key> {
}
