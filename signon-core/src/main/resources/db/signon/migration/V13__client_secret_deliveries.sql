-- Rotated OAuth client secrets on their way to a secret sink, one row per application (a later
-- rotation replaces the row). sealed_value is the secret encrypted under the host's key-encryption
-- key until a sink has taken it, then erased (set to null) in the same UPDATE that sets
-- delivered_at. A failed delivery counts in attempts and waits until next_attempt_at; last_error
-- names the failure's kind, never a value.
CREATE TABLE client_secret_deliveries (
    id              UUID         NOT NULL,
    application_id  UUID         NOT NULL,
    sink            VARCHAR(100) NOT NULL,
    target          VARCHAR(253) NOT NULL,
    secret_key      VARCHAR(253) NOT NULL,
    sealed_value    VARCHAR,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts        INTEGER      NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE,
    last_error      VARCHAR(500),
    delivered_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT client_secret_deliveries_pkey PRIMARY KEY (id),
    CONSTRAINT client_secret_deliveries_application_key UNIQUE (application_id),
    CONSTRAINT client_secret_deliveries_application_fkey FOREIGN KEY (application_id)
        REFERENCES applications (id) ON DELETE CASCADE
);
