-- Every replica caches the principals behind recently seen tokens (app/principal_cache.h).
-- Any committed change to a company's sessions, users or service accounts (logout, a revoked
-- key, a deleted user, a changed role) tells every replica to drop that company's entries;
-- the payload is the company id. NOTIFY collapses repeats within a transaction.
CREATE FUNCTION sn_notify_credential_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('sn_credential_changes', OLD.company_id::text);
  RETURN NULL;
END $$;

CREATE TRIGGER sessions_notify AFTER UPDATE OR DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION sn_notify_credential_change();
CREATE TRIGGER users_notify AFTER UPDATE OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION sn_notify_credential_change();
CREATE TRIGGER service_accounts_notify AFTER UPDATE OR DELETE ON service_accounts
  FOR EACH ROW EXECUTE FUNCTION sn_notify_credential_change();
