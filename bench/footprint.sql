-- Fills a migrated, empty supplynet database with rows shaped like the server's (field sizes
-- of the bench's suppliers and documents), then prints what a row of each table costs on disk
-- and in WAL. Run by bench/footprint; psql variables: clients (client companies),
-- suppliers (network entries per client), docs (documents per client).
\set ON_ERROR_STOP on
\pset footer off
SET synchronous_commit = on;

-- Clients first, then as many supplier companies (a third of the entries register).
INSERT INTO companies (country, tax_id_type, tax_id, verification_digit, legal_name, create_time)
SELECT 'CO', 'CO_NIT', (800000000 + n)::text, (n % 10)::text,
       'Empresa Ejemplo ' || n || ' S.A.S.', now()
FROM generate_series(1, :clients + :clients * :suppliers / 3) AS n;

CREATE TEMP TABLE client_ids AS
SELECT company_id, tax_id, legal_name, row_number() OVER (ORDER BY tax_id) AS k FROM companies
ORDER BY tax_id LIMIT :clients;

INSERT INTO users (company_id, username, email, password_hash, role, create_time, update_time)
SELECT c.company_id, 'user' || c.tax_id || '-' || u, 'user' || u || '@empresa' || c.tax_id || '.com.co',
       '$argon2id$v=19$m=65536,t=3,p=1$' || encode(decode(md5(random()::text), 'hex'), 'base64') || '$' ||
       encode(decode(md5(random()::text) || md5(random()::text), 'hex'), 'base64'),
       CASE WHEN u = 1 THEN 'ADMIN' ELSE 'MEMBER' END, now(), now()
FROM companies c CROSS JOIN generate_series(1, 3) AS u;

INSERT INTO sessions (token_hash, company_id, user_id, create_time, expire_time)
SELECT md5(random()::text) || md5(random()::text), company_id, user_id, now(), now() + interval '12 hours'
FROM users CROSS JOIN generate_series(1, 2);

INSERT INTO service_accounts (company_id, display_name, role, key_hash, create_time)
SELECT company_id, 'sincronizacion nocturna', 'ADMIN', md5(random()::text) || md5(random()::text), now()
FROM client_ids;

-- Each client's network: its entries are the supplier companies k*suppliers.. onwards.
INSERT INTO suppliers (client_company_id, country, tax_id_type, tax_id, verification_digit, name,
                       address, city, province, phone, email, groups, origin, create_time,
                       update_time)
SELECT c.company_id, 'CO', 'CO_NIT', (900000000 + (c.k - 1) * :suppliers + s)::text, (s % 10)::text,
       'Proveedor Ejemplo ' || s || ' Ltda.', 'Calle ' || (s % 100) || ' # ' || (s % 50) || '-12',
       'Bogotá', 'Cundinamarca', '601' || (3000000 + s), 'facturacion@proveedor' || s || '.com.co',
       ARRAY['nacional', 'servicios'], 'IMPORT', now(), now()
FROM client_ids c CROSS JOIN generate_series(1, :suppliers) AS s;
UPDATE suppliers s SET linked_company_id = co.company_id
FROM companies co WHERE co.tax_id = (800000000 + :clients + (s.tax_id::bigint - 900000000) / 3)::text
  AND (s.tax_id::bigint % 3) = 0;

-- A pending or accepted invitation for half of the entries, each with its email (delivered,
-- message erased, for nine in ten).
INSERT INTO invitations (client_company_id, supplier_id, emails, status, code_hash, delivery_status,
                         latest_outbox_id, create_time, send_time, expire_time, update_time)
SELECT client_company_id, supplier_id, ARRAY[email],
       CASE WHEN linked_company_id IS NULL THEN 'PENDING' ELSE 'ACCEPTED' END,
       md5(random()::text) || md5(random()::text), 'SENT', gen_random_uuid(), now(), now(),
       now() + interval '30 days', now()
FROM suppliers WHERE (tax_id::bigint % 2) = 0;
INSERT INTO email_outbox (outbox_id, client_company_id, invitation_id, recipients, message, state,
                          next_attempt_time, create_time, done_time)
SELECT latest_outbox_id, client_company_id, invitation_id, emails,
       CASE WHEN n % 10 = 0 THEN repeat('Invitación a la red de proveedores. ', 60) END,
       CASE WHEN n % 10 = 0 THEN 'PENDING' ELSE 'SENT' END, now(), now(),
       CASE WHEN n % 10 = 0 THEN NULL ELSE now() END
FROM (SELECT i.*, row_number() OVER () AS n FROM invitations i) AS i;

INSERT INTO workflows (company_id, allowed_transitions, update_time)
SELECT company_id, ARRAY['SENT>ACCEPTED', 'SENT>REJECTED', 'ACCEPTED>PAYMENT_SCHEDULED',
                         'PAYMENT_SCHEDULED>PAID'], now() FROM client_ids;
INSERT INTO workflow_fields (company_id, position, name, label, pattern)
SELECT company_id, p, 'field_' || p, 'Orden de compra ' || p, '^OC-[0-9]+$'
FROM client_ids CROSS JOIN generate_series(1, 2) AS p;

-- Claimed over the week they are kept (--request_id_retention), as their claim time's index sees them.
INSERT INTO idempotency_keys (company_id, operation, request_id, response, create_time,
                              request_fingerprint)
SELECT company_id, 'ChangeDocumentStatus', gen_random_uuid(), decode(repeat(md5(random()::text), 6) || substr(md5(random()::text), 1, 8), 'hex'),
       now() - random() * interval '7 days', md5(random()::text) || md5(random()::text)
FROM client_ids CROSS JOIN generate_series(1, :docs / 10);

-- Documents as SyncDocuments writes them: one statement, each with its first history row.
-- WAL is measured from a checkpoint, as after any checkpoint in production (full pages).
CHECKPOINT;
SELECT pg_current_wal_lsn() AS wal_before \gset
WITH ins AS (
  INSERT INTO documents (country, doc_type, series, number, issuer_tax_id_type, issuer_tax_id,
                         issuer_verification_digit, issuer_name, receiver_company_id,
                         receiver_country, receiver_tax_id_type, receiver_tax_id,
                         receiver_verification_digit, receiver_name, issue_date, currency_code,
                         net_amount, tax_amount, total_amount, document_fields, status,
                         status_change_time, create_time, update_time)
  SELECT 'CO', 'INVOICE', 'FE', (c.k * 10000000 + n)::text, 'CO_NIT',
         (900000000 + (c.k - 1) * :suppliers + 1 + n % :suppliers)::text, '7',
         'Proveedor Ejemplo ' || (1 + n % :suppliers) || ' Ltda.', c.company_id, 'CO', 'CO_NIT',
         c.tax_id, '3', c.legal_name, date '2026-01-01' + (n % 365),
         'COP', (100000 + n * 7919 % 9900000) / 100.0, (100000 + n * 7919 % 9900000) * 0.19 / 100.0,
         (100000 + n * 7919 % 9900000) * 1.19 / 100.0,
         jsonb_build_object('purchase_order', 'OC-' || n), 'SENT', now(), now(), now()
  FROM client_ids c CROSS JOIN generate_series(1, :docs) AS n
  RETURNING document_id, receiver_company_id, status)
INSERT INTO document_status_changes (document_id, receiver_company_id, to_status, actor_type,
                                     change_time)
SELECT document_id, receiver_company_id, status, 'SYSTEM', now() FROM ins;
SELECT pg_current_wal_lsn() AS wal_synced \gset

-- Half of them accepted by the client, as ChangeDocumentStatus does: the new state and a
-- history row.
CHECKPOINT;
SELECT pg_current_wal_lsn() AS wal_change_before \gset
WITH changed AS (
  UPDATE documents SET status = 'ACCEPTED', status_change_time = now(), version = version + 1,
                       update_time = now()
  WHERE number::bigint % 2 = 0 RETURNING document_id, receiver_company_id)
INSERT INTO document_status_changes (document_id, receiver_company_id, from_status, to_status,
                                     actor_type, actor_id, actor_name, actor_company_name,
                                     change_time)
SELECT document_id, receiver_company_id, 'SENT', 'ACCEPTED', 'USER', gen_random_uuid()::text, 'user1',
       'Empresa Ejemplo S.A.S.', now() FROM changed;
SELECT pg_current_wal_lsn() AS wal_changed \gset

VACUUM ANALYZE;

\echo '== WAL per document'
SELECT pg_size_pretty(pg_wal_lsn_diff(:'wal_synced', :'wal_before')) AS sync_wal,
       round(pg_wal_lsn_diff(:'wal_synced', :'wal_before') / (:clients * :docs)) AS bytes_per_synced_document,
       round(pg_wal_lsn_diff(:'wal_changed', :'wal_change_before') / (:clients * :docs / 2))
         AS bytes_per_status_change;

\echo '== bytes per row (heap and TOAST, indexes), after VACUUM'
SELECT c.relname AS table_name, c.reltuples::bigint AS rows,
       round(pg_table_size(c.oid)::numeric / greatest(c.reltuples, 1)) AS table_bytes_per_row,
       round(pg_indexes_size(c.oid)::numeric / greatest(c.reltuples, 1)) AS index_bytes_per_row,
       round(pg_total_relation_size(c.oid)::numeric / greatest(c.reltuples, 1)) AS total_bytes_per_row,
       pg_size_pretty(pg_total_relation_size(c.oid)) AS total
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'schema_migrations'
ORDER BY pg_total_relation_size(c.oid) DESC;
