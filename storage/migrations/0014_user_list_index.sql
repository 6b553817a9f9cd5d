-- ListUsers pages through one company's users by username (keyset): with only the primary key
-- (company_id, user_id), every page read and sorted all of the company's users.
CREATE INDEX users_company_username_idx ON users (company_id, username);
