-- Andon calls: a pull that calls for help first. The call is an incident of kind CALL; auto_stop_at is its durable
-- fixed-position timer (the line stops at the calling station if the call is not contained by then).
alter table incident add column call_type varchar(16);
alter table incident add column auto_stop_at timestamp(6) with time zone;
alter table incident add column contained boolean default false not null;
create index incident_call_due on incident (kind, status, auto_stop_at);

-- Calls that hold a station in CALLING, kept by the stop feature with the station states.
create table station_call (
    incident_id  bigint      primary key,
    line_id      varchar(64) not null,
    station_id   varchar(64) not null,
    call_type    varchar(16) not null,
    opened_at    timestamp(6) with time zone not null,
    auto_stop_at timestamp(6) with time zone,
    stop_id      bigint
);
create index station_call_line on station_call (line_id);
