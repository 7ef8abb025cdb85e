-- Signed checkpoints of the log head: every so often the last seq and hash, with an HMAC-SHA256 over them made with
-- a key from the configuration (andon.log.checkpoint.key). Recomputing the whole chain after an edit, or cutting off
-- the tail, no longer verifies against them (the key is not in the database). The same lines go to a file outside
-- the database and to the application log, so cutting the tail and these rows together is seen too.
create table log_checkpoint (
    seq       bigint       not null primary key,
    hash      varchar(64)  not null,
    signed_at timestamp(6) with time zone not null,
    mac       varchar(64)  not null
);
