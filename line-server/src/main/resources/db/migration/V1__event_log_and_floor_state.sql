-- The event log: append-only, gap-free sequence, SHA-256 hash chain. The single log_head row is locked by every
-- writer for the length of its transaction; that lock is what keeps seq gap-free across threads and nodes.
create table log_head (
    id        integer primary key,
    last_seq  bigint      not null,
    last_hash varchar(64) not null
);
insert into log_head (id, last_seq, last_hash) values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

create table event_log (
    seq         bigint primary key,
    occurred_at timestamp(6) with time zone not null,
    line_id     varchar(64)  not null,
    station_id  varchar(64),
    actor       varchar(64)  not null,
    command_id  varchar(36),
    type        varchar(40)  not null,
    part_serial varchar(128),
    payload     varchar(8000) not null,
    prev_hash   varchar(64)  not null,
    hash        varchar(64)  not null
);
create index event_log_line_seq on event_log (line_id, seq);
create index event_log_part on event_log (line_id, part_serial, seq);

-- Idempotency: a command id is handled once; a repeat gets the stored result.
create table command_record (
    command_id  varchar(36) primary key,
    actor       varchar(64) not null,
    type        varchar(40) not null,
    fingerprint varchar(64) not null,
    accepted    boolean     not null,
    seq         bigint,
    code        varchar(40),
    message     varchar(500),
    recorded_at timestamp(6) with time zone not null
);

-- Current state of each station, derived from the log in the same transaction. No row means RUNNING since start.
create table station_status (
    station_id varchar(64) primary key,
    line_id    varchar(64) not null,
    state      varchar(16) not null,
    since      timestamp(6) with time zone not null,
    since_seq  bigint      not null
);

-- Stops (andon pulls). id is the seq of the STOP_STARTED entry.
create table line_stop (
    id          bigint primary key,
    line_id     varchar(64) not null,
    station_id  varchar(64) not null,
    reason      varchar(16) not null,
    defect_code varchar(64),
    note        varchar(500),
    started_at  timestamp(6) with time zone not null,
    started_by  varchar(64) not null,
    ended_at    timestamp(6) with time zone,
    ended_by    varchar(64),
    ended_seq   bigint
);
create index line_stop_active on line_stop (line_id, ended_at);

-- Parts on (or finished with) a line.
create table part (
    line_id        varchar(64)  not null,
    serial         varchar(128) not null,
    status         varchar(16)  not null,
    holder_station varchar(64),
    entry_station  varchar(64)  not null,
    received_at    timestamp(6) with time zone not null,
    primary key (line_id, serial)
);

-- Every hand-off between stations, and every blocked attempt to pass. id is the seq of the entry that created it.
create table hand_off (
    id              bigint primary key,
    line_id         varchar(64)  not null,
    part_serial     varchar(128) not null,
    from_station    varchar(64)  not null,
    to_station      varchar(64),
    decision        varchar(16)  not null,
    passed_at       timestamp(6) with time zone not null,
    passed_by       varchar(64)  not null,
    decided_at      timestamp(6) with time zone,
    decided_by      varchar(64),
    decided_seq     bigint,
    defect_code     varchar(64),
    note            varchar(500),
    blocked_because varchar(40)
);
create index hand_off_line_time on hand_off (line_id, passed_at);
create index hand_off_part on hand_off (line_id, part_serial, id);
create index hand_off_pending on hand_off (line_id, to_station, part_serial, decision);

-- Defects found on parts: rejected from a supplier, or reported by the station that made or found them.
create table defect (
    id             bigint primary key,
    line_id        varchar(64)  not null,
    part_serial    varchar(128) not null,
    code           varchar(64)  not null,
    found_at       varchar(64)  not null,
    origin_station varchar(64),
    hand_off_id    bigint,
    status         varchar(16)  not null,
    opened_at      timestamp(6) with time zone not null,
    closed_at      timestamp(6) with time zone,
    closed_by      varchar(64),
    note           varchar(500)
);
create index defect_part on defect (line_id, part_serial, status);

-- Escapes: stations that passed a defect on instead of catching it (its origin, and every station after it).
create table defect_escape (
    defect_id  bigint      not null,
    station_id varchar(64) not null,
    line_id    varchar(64) not null,
    role       varchar(16) not null,
    primary key (defect_id, station_id)
);
