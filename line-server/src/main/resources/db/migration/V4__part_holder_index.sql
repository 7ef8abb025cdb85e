-- The parts a station holds are read on every station sign-in (the STATE snapshot): find them by holder, not by a
-- scan of every part the line ever made.
create index part_holder on part (line_id, holder_station, status);
