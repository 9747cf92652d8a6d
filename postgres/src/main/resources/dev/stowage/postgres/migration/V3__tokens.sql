-- Tokens. Expiry is decided by the library's clock: reads filter on expires_at > :now, and
-- purgeExpired() deletes expired rows in batches through the expiry indexes below.

-- Third-party credentials (e.g. a user's OAuth tokens), one per (tenant, subject, provider).
CREATE TABLE credential (
    tenant_id               VARCHAR(64)  NOT NULL,
    subject                 VARCHAR(200) COLLATE "C" NOT NULL,
    provider                VARCHAR(100) COLLATE "C" NOT NULL,
    access_token            TEXT         NOT NULL,
    refresh_token           TEXT,
    access_token_expires_at TIMESTAMPTZ,
    -- When the credential as a whole expires; NULL for never.
    expires_at              TIMESTAMPTZ,
    scopes                  TEXT[]       NOT NULL DEFAULT '{}',
    account_email           VARCHAR(254),
    metadata                JSONB        NOT NULL DEFAULT '{}',
    created_at              TIMESTAMPTZ  NOT NULL,
    updated_at              TIMESTAMPTZ  NOT NULL,
    CONSTRAINT credential_pk PRIMARY KEY (tenant_id, subject, provider)
);

-- Refresh jobs: credentials whose access token expires soon.
CREATE INDEX credential_access_expiry_idx ON credential (tenant_id, access_token_expires_at, subject, provider);
-- Purge.
CREATE INDEX credential_expiry_idx ON credential (tenant_id, expires_at);

-- First-party refresh-token families: the rotation chain of one login. Revoking the family
-- revokes every token in it at once.
CREATE TABLE refresh_family (
    tenant_id  VARCHAR(64)  NOT NULL,
    family_id  UUID         NOT NULL,
    subject    VARCHAR(200) COLLATE "C" NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL,
    -- The latest expiry of the family's tokens; the family is purged after it.
    expires_at TIMESTAMPTZ  NOT NULL,
    revoked    BOOLEAN      NOT NULL DEFAULT FALSE,
    CONSTRAINT refresh_family_pk PRIMARY KEY (tenant_id, family_id)
);

CREATE INDEX refresh_family_subject_idx ON refresh_family (tenant_id, subject);
CREATE INDEX refresh_family_expiry_idx ON refresh_family (tenant_id, expires_at);

-- Refresh tokens, stored only as the SHA-256 of their value (base64url). A token is used once:
-- rotation flips used from false to true with a conditional UPDATE.
CREATE TABLE refresh_token (
    tenant_id  VARCHAR(64)  NOT NULL,
    token_hash VARCHAR(64)  NOT NULL,
    id         UUID         NOT NULL,
    family_id  UUID         NOT NULL,
    subject    VARCHAR(200) COLLATE "C" NOT NULL,
    issued_at  TIMESTAMPTZ  NOT NULL,
    expires_at TIMESTAMPTZ  NOT NULL,
    used       BOOLEAN      NOT NULL DEFAULT FALSE,
    CONSTRAINT refresh_token_pk PRIMARY KEY (tenant_id, token_hash),
    CONSTRAINT refresh_token_family_fk FOREIGN KEY (tenant_id, family_id)
        REFERENCES refresh_family (tenant_id, family_id) ON DELETE CASCADE
);

CREATE INDEX refresh_token_family_idx ON refresh_token (tenant_id, family_id);
CREATE INDEX refresh_token_expiry_idx ON refresh_token (tenant_id, expires_at);

-- The access-token denylist: a revoked JWT id, kept until the token would have expired anyway.
CREATE TABLE revoked_access_token (
    tenant_id  VARCHAR(64)  NOT NULL,
    jti        VARCHAR(200) NOT NULL,
    expires_at TIMESTAMPTZ  NOT NULL,
    CONSTRAINT revoked_access_token_pk PRIMARY KEY (tenant_id, jti)
);

CREATE INDEX revoked_access_token_expiry_idx ON revoked_access_token (tenant_id, expires_at);
