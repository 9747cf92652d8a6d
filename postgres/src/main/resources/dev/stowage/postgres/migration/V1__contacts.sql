-- Contacts. Every key and index leads with tenant_id, so one tenant's rows are found without
-- touching another's. Text lengths repeat the library's validation limits as a last line of
-- defence. Timestamps are written by the library from its clock, never by now().
CREATE TABLE contact (
    tenant_id        VARCHAR(64)  NOT NULL,
    id               UUID         NOT NULL,
    first_name       VARCHAR(200),
    -- Sorted in code point order, the order every Stowage backend uses.
    last_name        VARCHAR(200) COLLATE "C",
    email            VARCHAR(254) NOT NULL,
    -- Emails.normalize(email), computed in Java: lower() in SQL disagrees with Java for some scripts.
    email_normalized VARCHAR(254) NOT NULL,
    phone            VARCHAR(50),
    company          VARCHAR(200),
    title            VARCHAR(200),
    -- {"street": ..., "city": ..., "region": ..., "postalCode": ..., "country": ...}; absent parts are left out.
    address          JSONB,
    notes            TEXT,
    status           VARCHAR(16)  NOT NULL,
    tags             TEXT[]       NOT NULL DEFAULT '{}',
    custom_fields    JSONB        NOT NULL DEFAULT '{}',
    source           VARCHAR(100),
    source_id        VARCHAR(200),
    -- The free-text tokens of the names, email, company and notes (SearchText, computed in Java) ...
    search_tokens    TEXT[]       NOT NULL DEFAULT '{}',
    -- ... and the same tokens as a tsvector for the GIN index. array_to_tsvector keeps each token
    -- as it is (no parser, no stemming), so PostgreSQL matches exactly what the other backends match.
    search_vector    tsvector
-- [jooq ignore start]
                     GENERATED ALWAYS AS (array_to_tsvector(search_tokens)) STORED
-- [jooq ignore stop]
    ,
    created_at       TIMESTAMPTZ  NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL,
    version          BIGINT       NOT NULL,
    CONSTRAINT contact_pk PRIMARY KEY (tenant_id, id),
    CONSTRAINT contact_status_known CHECK (status IN ('ACTIVE', 'INACTIVE', 'ARCHIVED')),
    CONSTRAINT contact_source_pair CHECK ((source IS NULL) = (source_id IS NULL)),
    CONSTRAINT contact_version_positive CHECK (version >= 1),
    CONSTRAINT contact_updated_not_before_created CHECK (updated_at >= created_at)
);

-- (source, source_id) is unique per tenant; contacts without a source (NULLs) never collide.
CREATE UNIQUE INDEX contact_source_uq ON contact (tenant_id, source, source_id);
-- Case-insensitive email lookups.
CREATE INDEX contact_email_idx ON contact (tenant_id, email_normalized);
-- Keyset pagination for each sort order.
CREATE INDEX contact_updated_idx ON contact (tenant_id, updated_at, id);
CREATE INDEX contact_created_idx ON contact (tenant_id, created_at, id);

-- [jooq ignore start]
CREATE INDEX contact_last_name_idx ON contact (tenant_id, (COALESCE(last_name, '')), id);
-- Tag filters: tags && :any, tags @> :all.
CREATE INDEX contact_tags_gin ON contact USING GIN (tags);
-- Free text: search_vector @@ 'token1' & 'token2'.
CREATE INDEX contact_search_gin ON contact USING GIN (search_vector);
-- [jooq ignore stop]
