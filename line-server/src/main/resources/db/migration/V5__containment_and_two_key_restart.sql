-- Containment: when a defect's origin is known, the parts that station passed on around the defective one are
-- suspect and put on hold in the same commit. id is the seq of the CONTAINMENT_OPENED entry.
create table containment (
    id             bigint primary key,
    line_id        varchar(64)  not null,
    defect_id      bigint       not null,
    part_serial    varchar(128) not null,
    origin_station varchar(64)  not null,
    defect_code    varchar(64)  not null,
    found_at       varchar(64)  not null,
    suspect_window varchar(100) not null,
    opened_at      timestamp(6) with time zone not null,
    incident_id    bigint
);
create index containment_origin on containment (line_id, origin_station, opened_at);

-- One suspect part on hold: it cannot be passed on until quality releases it (good) or confirms it (a defect).
-- id is the seq of the PART_HELD entry; held_at is where the part was when it was held (a station, or null when it
-- had already left the line).
create table part_hold (
    id             bigint primary key,
    containment_id bigint       not null,
    line_id        varchar(64)  not null,
    part_serial    varchar(128) not null,
    held_at        varchar(64),
    part_status    varchar(16)  not null,
    placed_at      timestamp(6) with time zone not null,
    status         varchar(16)  not null,
    closed_at      timestamp(6) with time zone,
    closed_by      varchar(64),
    closed_seq     bigint,
    note           varchar(500),
    defect_id      bigint
);
create index part_hold_open on part_hold (line_id, status, placed_at);
create index part_hold_part on part_hold (line_id, part_serial, status);
create index part_hold_containment on part_hold (containment_id, status);

-- The keys given to restart a quality stop (LEAD, QUALITY); the RESUME that ends the stop gives its sender's key.
-- first_piece names the part checked at the stopped station when the line asks for a first-piece check.
create table stop_sign_off (
    stop_id     bigint      not null,
    sign_key    varchar(16) not null,
    signed_by   varchar(64) not null,
    signed_at   timestamp(6) with time zone not null,
    seq         bigint      not null,
    first_piece varchar(128),
    primary key (stop_id, sign_key)
);

-- What a station passed on, in order: the window of suspects is counted in this order.
create index hand_off_supplier on hand_off (line_id, from_station, id);
