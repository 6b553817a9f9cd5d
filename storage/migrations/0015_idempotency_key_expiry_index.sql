-- The retention sweep deletes request ids past their retention oldest first
-- (app/retention_sweep.h) without reading the recent ones.
CREATE INDEX idempotency_keys_create_idx ON idempotency_keys (create_time);
