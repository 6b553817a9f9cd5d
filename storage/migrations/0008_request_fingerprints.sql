-- A digest of everything the first request said beside its request id, so that an id reused
-- for another request is refused instead of answered with the first one's result. Keys
-- written before have none ('') and are not compared.
ALTER TABLE idempotency_keys ADD COLUMN request_fingerprint text NOT NULL DEFAULT '';
