-- Checkpoints may also be signed with Ed25519 (andon.log.checkpoint.private-key / public-key), so that checking them
-- needs only the public key: the signature is kept as "ed25519:" and 88 characters of base64, longer than the 64 hex
-- characters of an HMAC-SHA256.
alter table log_checkpoint alter column mac set data type varchar(128);
