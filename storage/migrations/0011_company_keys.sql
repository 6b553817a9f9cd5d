-- The owning company in every key of the company-owned tables, so that distributing them over
-- several nodes later (Citus, by the owning company; docs/scaling.md) needs no schema change:
-- a distributed table's primary key and unique constraints must hold its distribution column,
-- and a foreign key between two distributed tables must carry it on both sides. The owning
-- company is `client_company_id` for a client's network, its invitations and their emails,
-- and `receiver_company_id` for documents and their history (the receiver owns the workflow
-- and the decisions; the issuer's reads cross companies).

-- Ids are random UUIDs and every statement names the entry's network, so the key is
-- (client_company_id, supplier_id) alone; the extra index also slowed every import.
ALTER TABLE suppliers DROP CONSTRAINT suppliers_supplier_id_key;

-- Same for invitations. Activation names the inviting client, so a code need only be unique
-- within that client's invitations.
ALTER TABLE invitations DROP CONSTRAINT invitations_invitation_id_key;
DROP INDEX invitations_code_hash_key;
CREATE UNIQUE INDEX invitations_code_hash_key ON invitations (client_company_id, code_hash);

ALTER TABLE email_outbox DROP CONSTRAINT email_outbox_pkey,
  ADD CONSTRAINT email_outbox_pkey PRIMARY KEY (client_company_id, outbox_id);
-- Cancelling an invitation's queued emails, and the cascade from invitations.
DROP INDEX email_outbox_invitation_idx;
CREATE INDEX email_outbox_invitation_idx ON email_outbox (client_company_id, invitation_id);

-- A document's history carries its receiver, filled from the document.
ALTER TABLE document_status_changes ADD COLUMN receiver_company_id uuid;
UPDATE document_status_changes c SET receiver_company_id = d.receiver_company_id
  FROM documents d WHERE d.document_id = c.document_id;
ALTER TABLE document_status_changes ALTER COLUMN receiver_company_id SET NOT NULL;

-- The issuer finds a document by its id alone, so the id leads the key and its one index
-- serves both sides.
ALTER TABLE document_status_changes DROP CONSTRAINT document_status_changes_document_id_fkey;
ALTER TABLE documents DROP CONSTRAINT documents_pkey,
  ADD CONSTRAINT documents_pkey PRIMARY KEY (document_id, receiver_company_id);
ALTER TABLE document_status_changes
  ADD CONSTRAINT document_status_changes_document_fkey FOREIGN KEY (document_id, receiver_company_id)
    REFERENCES documents (document_id, receiver_company_id) ON DELETE CASCADE;

-- The event id leads its index: WatchDocumentEvents reads by event id and from one onwards.
ALTER TABLE document_status_changes DROP CONSTRAINT document_status_changes_pkey,
  ADD CONSTRAINT document_status_changes_pkey PRIMARY KEY (receiver_company_id, status_change_id);
ALTER TABLE document_status_changes DROP CONSTRAINT document_status_changes_event_id_key,
  ADD CONSTRAINT document_status_changes_event_id_key UNIQUE (event_id, receiver_company_id);

-- Left as they are, on purpose (docs/scaling.md says where each goes on Citus):
-- companies is a reference table; users and service_accounts too (small, and looked up by
-- username and key hash before the company is known); sessions is distributed by its token
-- hash; login_throttles is not company data. documents keeps its unique identity at the tax
-- authority (country, issuer, type, series, number) across receivers: a document re-sent with
-- another receiver is refused, which needs the one index spanning every company.
