-- sn_micros and sn_from_micros again, now inlined by PostgreSQL. The first versions called
-- functions that depend on the session's time zone (EXTRACT from a timestamptz, timestamptz +
-- interval), so PostgreSQL could not inline these IMMUTABLE wrappers and ran an SQL function
-- call for every row and every parameter: most of the database's time in a large report.
-- Same values, from immutable operators only.
CREATE OR REPLACE FUNCTION sn_micros(ts timestamptz) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT (EXTRACT(EPOCH FROM ts - TIMESTAMPTZ 'epoch') * 1000000)::bigint $$;

CREATE OR REPLACE FUNCTION sn_from_micros(micros bigint) RETURNS timestamptz
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT (TIMESTAMP 'epoch' + micros * INTERVAL '1 microsecond') AT TIME ZONE 'UTC' $$;
