-- The expiry sweep's due invitations, oldest first, without filtering every pending one
-- (storage/invitation_repository.cc, kExpireDue).
CREATE INDEX invitations_pending_expiry_idx ON invitations (expire_time) WHERE status = 'PENDING';
