-- The supplier network of each client company, and request-id idempotency for retried calls.

-- Accent-insensitive search (unaccent) and substring search on an index (pg_trgm). Both are
-- trusted extensions: the database owner may create them.
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

-- The folded form of a name for ordering and searching: accents stripped, then lower-cased
-- ("Gómez" -> "gomez"). unaccent() is only STABLE (it reads a dictionary found through the
-- search path); naming the dictionary explicitly makes the result fixed, so the wrapper may be
-- IMMUTABLE and feed a generated column and its indexes.
CREATE FUNCTION sn_fold(name text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, name)) $$;

-- A LIKE pattern matching `needle` anywhere, with LIKE's wildcards in it taken literally.
CREATE FUNCTION sn_contains_pattern(needle text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT '%' || replace(replace(replace(needle, '\', '\\'), '%', '\%'), '_', '\_') || '%' $$;

-- One row per (client, supplier) network entry. The supplier's identity is its country + tax
-- ID, kept on the entry itself: the same company listed by two clients is two entries with the
-- same identity, and no `companies` row exists until the company registers. An entry is
-- REGISTERED once `linked_company_id` is set (activation of this client's invitation, a later
-- issue), INVITED while `pending_invitation_id` is set (filled by the invitation issue),
-- NOT_INVITED otherwise; the status is derived, never stored.
CREATE TABLE suppliers (
  client_company_id      uuid NOT NULL REFERENCES companies ON DELETE CASCADE,
  supplier_id            uuid NOT NULL DEFAULT gen_random_uuid(),
  country                text NOT NULL CHECK (country IN ('CO', 'PE', 'CR')),
  tax_id_type            text NOT NULL,
  tax_id                 text NOT NULL CHECK (tax_id ~ '^[0-9]{1,32}$'),
  verification_digit     text NOT NULL DEFAULT '',
  name                   text NOT NULL,
  -- "C" collation: byte order, the same on every server, for stable keyset pages.
  name_folded            text COLLATE "C" GENERATED ALWAYS AS (sn_fold(name)) STORED,
  description            text NOT NULL DEFAULT '',
  address                text NOT NULL DEFAULT '',
  city                   text NOT NULL DEFAULT '',
  province               text NOT NULL DEFAULT '',
  phone                  text NOT NULL DEFAULT '',
  fax                    text NOT NULL DEFAULT '',
  email                  text NOT NULL DEFAULT '',
  -- The client's labels, normalised by the application (trimmed, distinct, sorted). An array
  -- keeps an entry one row (one read, one version); the GIN index serves the group filter.
  groups                 text[] NOT NULL DEFAULT '{}' CHECK (cardinality(groups) <= 20),
  origin                 text NOT NULL CHECK (origin IN ('MANUAL', 'IMPORT', 'DOCUMENT')),
  linked_company_id      uuid REFERENCES companies ON DELETE SET NULL,
  pending_invitation_id  uuid,
  version                bigint NOT NULL DEFAULT 1,
  create_time            timestamptz NOT NULL,
  update_time            timestamptz NOT NULL,
  PRIMARY KEY (client_company_id, supplier_id),
  UNIQUE (supplier_id),
  UNIQUE (client_company_id, country, tax_id)
);

-- Keyset order of ListSuppliers: any page is one index range scan from its cursor.
CREATE INDEX suppliers_name_order_idx ON suppliers (client_company_id, name_folded, supplier_id);
-- Substring search on the folded name (LIKE '%...%').
CREATE INDEX suppliers_name_trgm_idx ON suppliers USING gin (name_folded gin_trgm_ops);
CREATE INDEX suppliers_groups_idx ON suppliers USING gin (groups);
-- The networks a registered company belongs to (activation, document visibility).
CREATE INDEX suppliers_linked_company_idx ON suppliers (linked_company_id)
  WHERE linked_company_id IS NOT NULL;
-- Every network that lists a company by tax ID (linking at registration or activation).
CREATE INDEX suppliers_identity_idx ON suppliers (country, tax_id);

-- Results of mutations that carry a request_id, so that a retry returns the first result and
-- changes nothing more. A row is claimed (response NULL) at the start of the mutation's own
-- transaction and filled before it commits: a concurrent retry waits on the key, then reads
-- the stored response; a failed call rolls its claim back and leaves nothing.
CREATE TABLE idempotency_keys (
  company_id   uuid NOT NULL REFERENCES companies ON DELETE CASCADE,
  operation    text NOT NULL,
  request_id   uuid NOT NULL,
  response     bytea,
  create_time  timestamptz NOT NULL,
  PRIMARY KEY (company_id, operation, request_id)
);