-- Failed logins per key: one row for each username tried and one for each source address
-- (AccountService.Login's throttle). The key is a SHA-256 digest of "user:<username>" or
-- "address:<ip>", so that any typed text fits the primary key and nothing a caller typed
-- (people type passwords into the username field) is stored.
CREATE TABLE login_throttles (
  key_hash      text PRIMARY KEY,
  failures      integer NOT NULL,
  window_start  timestamptz NOT NULL,
  locked_until  timestamptz
);
