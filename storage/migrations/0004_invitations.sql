-- Invitations of suppliers, their email outbox, and the activation lockout.

-- One invitation of one supplier entry of a client's network. At most one is PENDING per
-- entry (the entry's pending_invitation_id points at it). The current activation code is kept
-- only as a hash; a resend replaces it. EXPIRED is stored only once something replaced an
-- expired PENDING invitation; until then the expiry is derived from expire_time.
CREATE TABLE invitations (
  client_company_id    uuid NOT NULL REFERENCES companies ON DELETE CASCADE,
  invitation_id        uuid NOT NULL DEFAULT gen_random_uuid(),
  -- No foreign key: RemoveSupplier revokes the invitation and the invitation outlives the entry.
  supplier_id          uuid NOT NULL,
  emails               text[] NOT NULL CHECK (cardinality(emails) BETWEEN 1 AND 10),
  status               text NOT NULL CHECK (status IN ('PENDING', 'ACCEPTED', 'EXPIRED', 'REVOKED')),
  code_hash            text NOT NULL,
  delivery_status      text NOT NULL CHECK (delivery_status IN ('QUEUED', 'SENT', 'FAILED')),
  delivery_attempts    integer NOT NULL DEFAULT 0,
  last_delivery_error  text NOT NULL DEFAULT '',
  send_count           integer NOT NULL DEFAULT 1,
  -- The outbox row of the latest email: only its outcome is reported on the invitation.
  latest_outbox_id     uuid NOT NULL,
  accepted_company_id  uuid REFERENCES companies ON DELETE SET NULL,
  create_time          timestamptz NOT NULL,
  send_time            timestamptz,
  expire_time          timestamptz NOT NULL,
  accept_time          timestamptz,
  revoke_time          timestamptz,
  update_time          timestamptz NOT NULL,
  PRIMARY KEY (client_company_id, invitation_id),
  UNIQUE (invitation_id)
);
-- Codes are unique across the platform.
CREATE UNIQUE INDEX invitations_code_hash_key ON invitations (code_hash);
-- A supplier entry never has two pending invitations.
CREATE UNIQUE INDEX invitations_one_pending_idx ON invitations (client_company_id, supplier_id)
  WHERE status = 'PENDING';
-- Keyset order of ListInvitations: newest first.
CREATE INDEX invitations_list_idx
  ON invitations (client_company_id, create_time DESC, invitation_id DESC);
CREATE INDEX invitations_supplier_idx
  ON invitations (client_company_id, supplier_id, create_time DESC, invitation_id DESC);

-- Emails waiting for the background sender. A row is written in the same transaction as the
-- invitation it belongs to; the sender locks it (FOR UPDATE SKIP LOCKED) for the whole
-- delivery attempt, so two servers never send the same row. The message holds the code in
-- clear, so it is erased as soon as the row is done (SENT, FAILED or CANCELLED).
CREATE TABLE email_outbox (
  outbox_id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_company_id  uuid NOT NULL,
  invitation_id      uuid NOT NULL,
  recipients         text[] NOT NULL,
  message            text,
  state              text NOT NULL CHECK (state IN ('PENDING', 'SENT', 'FAILED', 'CANCELLED')),
  attempts           integer NOT NULL DEFAULT 0,
  last_error         text NOT NULL DEFAULT '',
  next_attempt_time  timestamptz NOT NULL,
  create_time        timestamptz NOT NULL,
  done_time          timestamptz,
  FOREIGN KEY (client_company_id, invitation_id)
    REFERENCES invitations (client_company_id, invitation_id) ON DELETE CASCADE
);
CREATE INDEX email_outbox_due_idx ON email_outbox (next_attempt_time) WHERE state = 'PENDING';
CREATE INDEX email_outbox_invitation_idx ON email_outbox (invitation_id);

-- Wrong activation codes per (caller company, client company): the lockout state.
CREATE TABLE activation_lockouts (
  company_id         uuid NOT NULL REFERENCES companies ON DELETE CASCADE,
  client_country     text NOT NULL,
  client_tax_id      text NOT NULL,
  failures           integer NOT NULL,
  window_start       timestamptz NOT NULL,
  locked_until       timestamptz,
  PRIMARY KEY (company_id, client_country, client_tax_id)
);
