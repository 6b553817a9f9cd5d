-- The retention sweep deletes expired sessions oldest first (app/retention_sweep.h) without
-- reading the live ones.
CREATE INDEX sessions_expire_idx ON sessions (expire_time);
