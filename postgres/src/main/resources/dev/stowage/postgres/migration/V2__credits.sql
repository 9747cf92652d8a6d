-- Credits: one row per (tenant, account) holding the running balance and totals, and an
-- append-only ledger. A posting updates the account conditionally (balance + amount >= 0) and
-- inserts the ledger row in the same statement, so balance = sum(amount) at every commit.
CREATE TABLE credit_account (
    tenant_id       VARCHAR(64)  NOT NULL,
    -- Scanned in code point order, the order every Stowage backend uses.
    account_id      VARCHAR(200) COLLATE "C" NOT NULL,
    balance         BIGINT       NOT NULL,
    total_purchased BIGINT       NOT NULL,
    total_used      BIGINT       NOT NULL,
    -- The sequence of the newest ledger entry; the next posting takes last_sequence + 1.
    last_sequence   BIGINT       NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL,
    CONSTRAINT credit_account_pk PRIMARY KEY (tenant_id, account_id),
    CONSTRAINT credit_account_balance_not_negative CHECK (balance >= 0),
    CONSTRAINT credit_account_totals_not_negative CHECK (total_purchased >= 0 AND total_used >= 0),
    CONSTRAINT credit_account_sequence_positive CHECK (last_sequence >= 1)
);

CREATE TABLE credit_entry (
    tenant_id       VARCHAR(64)  NOT NULL,
    account_id      VARCHAR(200) COLLATE "C" NOT NULL,
    sequence        BIGINT       NOT NULL,
    id              UUID         NOT NULL,
    type            VARCHAR(16)  NOT NULL,
    amount          BIGINT       NOT NULL,
    balance_after   BIGINT       NOT NULL,
    reason          VARCHAR(500),
    metadata        JSONB        NOT NULL DEFAULT '{}',
    idempotency_key VARCHAR(200),
    created_at      TIMESTAMPTZ  NOT NULL,
    CONSTRAINT credit_entry_pk PRIMARY KEY (tenant_id, account_id, sequence),
    CONSTRAINT credit_entry_account_fk FOREIGN KEY (tenant_id, account_id)
        REFERENCES credit_account (tenant_id, account_id) ON DELETE CASCADE,
    CONSTRAINT credit_entry_type_known CHECK (type IN ('PURCHASE', 'DEDUCTION', 'REFUND', 'BONUS', 'ADJUSTMENT')),
    CONSTRAINT credit_entry_amount_non_zero CHECK (amount <> 0),
    CONSTRAINT credit_entry_balance_not_negative CHECK (balance_after >= 0)
);

-- Idempotency comes from this constraint: a second posting with the same key fails here and is
-- answered with the original entry. Entries without a key (NULL) never collide.
CREATE UNIQUE INDEX credit_entry_idempotency_uq ON credit_entry (tenant_id, account_id, idempotency_key);
