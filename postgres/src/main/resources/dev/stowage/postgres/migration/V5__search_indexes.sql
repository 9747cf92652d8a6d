-- Search cost follows the matches, not the tenant. Every search is bound to one tenant, so the
-- free-text and tag GIN indexes lead with tenant_id: a multi-column GIN index intersects the
-- tenant's entry with the query's lexemes or tags inside the index, so neither a large tenant's
-- primary-key entries nor other tenants' matches are read.
--
-- A GIN index on a VARCHAR column needs the btree_gin operator classes (contrib, a trusted
-- extension since PostgreSQL 13): creating it takes CREATE on the database (and on schema
-- public), or a superuser; a DBA may run CREATE EXTENSION btree_gin once beforehand, after which
-- this migration needs no privilege for it. The extension goes into schema public, never into a
-- Stowage schema: extensions are per database, and dropping the schema that held one would drop
-- every other schema's indexes that use it. Migrations of several schemas of one database
-- serialize on an advisory lock, so two of them never race to create the extension.
--
-- Locks: Flyway runs this script in one transaction, where CREATE INDEX CONCURRENTLY cannot run,
-- so each CREATE INDEX holds a SHARE lock on contact while it builds (reads go on, writes wait;
-- about 5 s for 1M contacts on two cores). To upgrade a large table without blocking writes,
-- build the two indexes beforehand with CREATE INDEX CONCURRENTLY under these names (and check
-- they are valid); IF NOT EXISTS then skips them.
-- [jooq ignore start]
SELECT pg_advisory_xact_lock(hashtext('stowage: create extensions'));
-- Checked first rather than IF NOT EXISTS, whose notice Flyway would log as a warning on every open.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'btree_gin') THEN
        CREATE EXTENSION btree_gin WITH SCHEMA public;
    END IF;
END
$$;

-- Free text: tenant_id = :tenant AND search_vector @@ 'token1' & 'token2'.
CREATE INDEX IF NOT EXISTS contact_search_tenant_gin ON contact USING GIN (tenant_id, search_vector);
-- Tag filters: tenant_id = :tenant AND (tags && :any, tags @> :all).
CREATE INDEX IF NOT EXISTS contact_tags_tenant_gin ON contact USING GIN (tenant_id, tags);
-- Replaced by the two above; keeping them would only slow every write.
DROP INDEX IF EXISTS contact_search_gin;
DROP INDEX IF EXISTS contact_tags_gin;

-- A rare word or tag is estimated from the least frequent tracked element; tracking ten times the
-- default number of lexemes and tags makes that estimate small, so the planner prefers the index
-- above to walking the sort index of a large tenant.
ALTER TABLE contact ALTER COLUMN search_vector SET STATISTICS 1000, ALTER COLUMN tags SET STATISTICS 1000;
-- [jooq ignore stop]
