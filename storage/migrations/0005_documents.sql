-- Electronic documents, the receivers' Smart Supply workflows and every status change.

-- Text crosses the C++ boundary inside compound values as UTF-8 hex, so that no separator can
-- ever appear inside an encoded value.
CREATE FUNCTION sn_hex(value text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT encode(convert_to(value, 'UTF8'), 'hex') $$;

CREATE FUNCTION sn_unhex(value text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT convert_from(decode(value, 'hex'), 'UTF8') $$;

-- A text map as "hexkey:hexvalue,..." (keys in byte order), and back.
CREATE FUNCTION sn_map_text(map jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT coalesce(string_agg(sn_hex(key) || ':' || sn_hex(value), ','
                                   ORDER BY key COLLATE "C"), '')
        FROM jsonb_each_text(map) $$;

CREATE FUNCTION sn_text_map(encoded text) RETURNS jsonb
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT coalesce(jsonb_object_agg(sn_unhex(split_part(pair, ':', 1)),
                                         sn_unhex(split_part(pair, ':', 2))), '{}'::jsonb)
        FROM unnest(string_to_array(encoded, ',')) AS pair $$;

-- A client's saved workflow; a company without a row uses the default of the contract.
-- Transitions are "FROM>TO" status names.
CREATE TABLE workflows (
  company_id           uuid PRIMARY KEY REFERENCES companies ON DELETE CASCADE,
  allowed_transitions  text[] NOT NULL,
  version              bigint NOT NULL DEFAULT 1,
  update_time          timestamptz NOT NULL
);

-- The required validation fields of a workflow, in display order.
CREATE TABLE workflow_fields (
  company_id  uuid NOT NULL REFERENCES workflows ON DELETE CASCADE,
  position    integer NOT NULL,
  name        text NOT NULL,
  label       text NOT NULL,
  pattern     text NOT NULL,
  PRIMARY KEY (company_id, position),
  UNIQUE (company_id, name)
);

-- One row per document, unique by its identity at the tax authority. The receiver must be a
-- company on the platform; the issuer need not be (it appears in the receiver's network).
CREATE TABLE documents (
  document_id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  country                    text NOT NULL CHECK (country IN ('CO', 'PE', 'CR')),
  doc_type                   text NOT NULL CHECK (doc_type IN
                               ('INVOICE', 'CREDIT_NOTE', 'DEBIT_NOTE', 'DISPATCH_GUIDE')),
  series                     text NOT NULL,
  number                     text NOT NULL,
  issuer_tax_id_type         text NOT NULL,
  issuer_tax_id              text NOT NULL,
  issuer_verification_digit  text NOT NULL DEFAULT '',
  issuer_name                text NOT NULL,
  receiver_company_id        uuid NOT NULL REFERENCES companies ON DELETE CASCADE,
  receiver_country           text NOT NULL,
  receiver_tax_id_type       text NOT NULL,
  receiver_tax_id            text NOT NULL,
  receiver_verification_digit text NOT NULL DEFAULT '',
  receiver_name              text NOT NULL,
  issue_date                 date NOT NULL,
  currency_code              text NOT NULL CHECK (currency_code ~ '^[A-Z]{3}$'),
  -- Exact decimals as given (scale kept), never floating point.
  net_amount                 numeric NOT NULL CHECK (net_amount >= 0),
  tax_amount                 numeric NOT NULL CHECK (tax_amount >= 0),
  total_amount               numeric NOT NULL CHECK (total_amount >= 0),
  -- Values found in the original document, and values entered by the issuer.
  document_fields            jsonb NOT NULL DEFAULT '{}',
  issuer_values              jsonb NOT NULL DEFAULT '{}',
  status                     text NOT NULL CHECK (status IN ('PENDING_INFORMATION', 'SENT',
                               'ACCEPTED', 'REJECTED', 'PAYMENT_SCHEDULED', 'PAID')),
  status_reason_code         text NOT NULL DEFAULT '',
  status_reason_text         text NOT NULL DEFAULT '',
  status_change_time         timestamptz NOT NULL,
  restarts_used              integer NOT NULL DEFAULT 0 CHECK (restarts_used BETWEEN 0 AND 5),
  version                    bigint NOT NULL DEFAULT 1,
  create_time                timestamptz NOT NULL,
  update_time                timestamptz NOT NULL,
  UNIQUE (country, issuer_tax_id, doc_type, series, number)
);

-- Keyset order of both directions: issue_date descending, then document_id descending.
CREATE INDEX documents_received_idx
  ON documents (receiver_company_id, issue_date DESC, document_id DESC);
CREATE INDEX documents_issued_idx
  ON documents (country, issuer_tax_id, issue_date DESC, document_id DESC);

-- Every status change, the first one being the initial status. `event_id` orders the live
-- stream and is the resume cursor of WatchDocumentEvents.
CREATE TABLE document_status_changes (
  status_change_id    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id            bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  document_id         uuid NOT NULL REFERENCES documents ON DELETE CASCADE,
  from_status         text NOT NULL DEFAULT '',
  to_status           text NOT NULL,
  reason_code         text NOT NULL DEFAULT '',
  reason_text         text NOT NULL DEFAULT '',
  actor_type          text NOT NULL CHECK (actor_type IN ('USER', 'SERVICE_ACCOUNT', 'SYSTEM')),
  actor_id            text NOT NULL DEFAULT '',
  actor_name          text NOT NULL DEFAULT '',
  actor_company_name  text NOT NULL DEFAULT '',
  change_time         timestamptz NOT NULL
);
CREATE INDEX document_status_changes_document_idx
  ON document_status_changes (document_id, change_time, status_change_id);

-- Every committed change wakes the watchers of every server replica; the payload is the
-- event id, and NOTIFY delivers in commit order.
CREATE FUNCTION sn_notify_document_event() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('sn_document_events', NEW.event_id::text);
  RETURN NULL;
END $$;

CREATE TRIGGER document_status_changes_notify AFTER INSERT ON document_status_changes
  FOR EACH ROW EXECUTE FUNCTION sn_notify_document_event();
