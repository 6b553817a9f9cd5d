-- ImportSuppliers: rows with Notify = 1 mark their entry as to be invited.
--
-- Set by an import when a Notify = 1 row meets an entry that is NOT_INVITED and not already
-- marked; the invitation use case turns marked entries into invitations (in the import's own
-- transaction) and clears the mark when it sets pending_invitation_id. A mark left over (no
-- invitation made yet) keeps a second import of the same file from requesting again.
ALTER TABLE suppliers ADD COLUMN invite_requested_time timestamptz;

-- The entries still waiting for their invitation, per network.
CREATE INDEX suppliers_invite_requested_idx ON suppliers (client_company_id)
  WHERE invite_requested_time IS NOT NULL;
