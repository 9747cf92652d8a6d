-- Full-fidelity scans for migration (TokenStore.scanRevokedAccessTokens): the denylist is read
-- in (expires_at, jti) order, jti in code point order like every other key of the library.
-- [jooq ignore start]
ALTER TABLE revoked_access_token ALTER COLUMN jti TYPE VARCHAR(200) COLLATE "C";
-- [jooq ignore stop]
-- Serves the scan's keyset order and the purge (expires_at <= :now), which used the index below.
CREATE INDEX revoked_access_token_scan_idx ON revoked_access_token (tenant_id, expires_at, jti);
DROP INDEX revoked_access_token_expiry_idx;
