-- Companies, users, sessions and service accounts.

-- Timestamps cross the C++ boundary as microseconds since the Unix epoch.
CREATE FUNCTION sn_from_micros(micros bigint) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT TIMESTAMPTZ 'epoch' + micros * INTERVAL '1 microsecond' $$;

CREATE FUNCTION sn_micros(ts timestamptz) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT (EXTRACT(EPOCH FROM ts) * 1000000)::bigint $$;

CREATE TABLE companies (
  company_id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  country             text NOT NULL CHECK (country IN ('CO', 'PE', 'CR')),
  tax_id_type         text NOT NULL,
  tax_id              text NOT NULL CHECK (tax_id ~ '^[0-9]{1,32}$'),
  verification_digit  text NOT NULL DEFAULT '',
  legal_name          text NOT NULL,
  create_time         timestamptz NOT NULL,
  UNIQUE (country, tax_id)
);

CREATE TABLE users (
  company_id     uuid NOT NULL REFERENCES companies ON DELETE CASCADE,
  user_id        uuid NOT NULL DEFAULT gen_random_uuid(),
  username       text NOT NULL CHECK (username = lower(username)),
  email          text NOT NULL,
  password_hash  text NOT NULL,
  role           text NOT NULL CHECK (role IN ('ADMIN', 'MEMBER')),
  version        bigint NOT NULL DEFAULT 1,
  create_time    timestamptz NOT NULL,
  update_time    timestamptz NOT NULL,
  PRIMARY KEY (company_id, user_id),
  UNIQUE (user_id)
);
CREATE UNIQUE INDEX users_username_key ON users (username);

-- Session tokens, stored only as hashes.
CREATE TABLE sessions (
  token_hash   text PRIMARY KEY,
  company_id   uuid NOT NULL,
  user_id      uuid NOT NULL,
  create_time  timestamptz NOT NULL,
  expire_time  timestamptz NOT NULL,
  revoke_time  timestamptz,
  FOREIGN KEY (company_id, user_id) REFERENCES users (company_id, user_id) ON DELETE CASCADE
);
CREATE INDEX sessions_user_idx ON sessions (company_id, user_id);

-- Service accounts for batch jobs; their keys are stored only as hashes.
CREATE TABLE service_accounts (
  company_id          uuid NOT NULL REFERENCES companies ON DELETE CASCADE,
  service_account_id  uuid NOT NULL DEFAULT gen_random_uuid(),
  display_name        text NOT NULL,
  role                text NOT NULL CHECK (role IN ('ADMIN', 'MEMBER')),
  key_hash            text NOT NULL UNIQUE,
  create_time         timestamptz NOT NULL,
  expire_time         timestamptz,
  revoke_time         timestamptz,
  PRIMARY KEY (company_id, service_account_id),
  UNIQUE (service_account_id)
);
