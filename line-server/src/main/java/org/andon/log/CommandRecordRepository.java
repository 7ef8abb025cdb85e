package org.andon.log;

import org.springframework.data.jpa.repository.JpaRepository;

interface CommandRecordRepository extends JpaRepository<CommandRecord, String> {
}
