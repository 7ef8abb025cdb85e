-- Alarm discipline (ISA-18.2): a lead shelves a repeating call or reject-burst alarm at a station for a limited time,
-- or takes a station out of service. id is the seq of the ALARM_SHELVED / STATION_OUT_OF_SERVICE entry. alarm is a
-- call type (MAINTENANCE, MATERIAL, QUALITY, HELP), REJECTS, or ALL for a station out of service.
create table alarm_suppression (
    id          bigint primary key,
    line_id     varchar(64)  not null,
    station_id  varchar(64)  not null,
    kind        varchar(16)  not null,
    alarm       varchar(16)  not null,
    reason      varchar(500) not null,
    started_at  timestamp(6) with time zone not null,
    started_by  varchar(64)  not null,
    until       timestamp(6) with time zone,
    ended_at    timestamp(6) with time zone,
    ended_by    varchar(64),
    end_reason  varchar(500)
);
create index alarm_suppression_active on alarm_suppression (ended_at, until);
create index alarm_suppression_station on alarm_suppression (line_id, station_id, started_at);

-- An incident opened while its alarm was shelved or its station out of service: nobody was paged for it yet. It is
-- paged when the suppression ends, or at once if it turns into a stop (shelving never hides a STOP).
alter table incident add column suppressed_by bigint;
