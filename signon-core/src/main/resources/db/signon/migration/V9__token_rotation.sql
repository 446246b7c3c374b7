-- Automatic rotation of application tokens. rotation_claimed_at is set by the one conditional
-- UPDATE that claims a token's rotation, so of any number of host instances exactly one rotates it.
ALTER TABLE application_tokens ADD COLUMN rotation_claimed_at TIMESTAMP WITH TIME ZONE;

-- One row per automatic rotation, keyed by the token it replaces. sealed_value is the successor's
-- value encrypted under the host's key-encryption key until a sink has taken it, then erased (set
-- to null) in the same UPDATE that sets delivered_at. A failed delivery counts in attempts and waits
-- until next_attempt_at; last_error names the failure's kind, never a value.
CREATE TABLE token_rotations (
    predecessor_id  UUID         NOT NULL,
    successor_id    UUID         NOT NULL,
    api_user_id     UUID         NOT NULL,
    application_id  UUID         NOT NULL,
    sink            VARCHAR(100) NOT NULL,
    target          VARCHAR(253) NOT NULL,
    secret_key      VARCHAR(253) NOT NULL,
    sealed_value    VARCHAR,
    started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts        INTEGER      NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE,
    last_error      VARCHAR(500),
    delivered_at    TIMESTAMP WITH TIME ZONE,
    completed_at    TIMESTAMP WITH TIME ZONE,
    stalled_at      TIMESTAMP WITH TIME ZONE,
    CONSTRAINT token_rotations_pkey PRIMARY KEY (predecessor_id),
    CONSTRAINT token_rotations_predecessor_fkey FOREIGN KEY (predecessor_id)
        REFERENCES application_tokens (id) ON DELETE CASCADE,
    CONSTRAINT token_rotations_successor_fkey FOREIGN KEY (successor_id)
        REFERENCES application_tokens (id) ON DELETE CASCADE
);

CREATE INDEX token_rotations_successor_idx ON token_rotations (successor_id);
CREATE INDEX token_rotations_open_idx ON token_rotations (completed_at);

-- A token's own rotation policy (before-expiry:P30D, every:P90D or manual); tokens without a row
-- follow the host's default. A successor is given its predecessor's.
CREATE TABLE application_token_policies (
    token_id UUID        NOT NULL,
    policy   VARCHAR(64) NOT NULL,
    CONSTRAINT application_token_policies_pkey PRIMARY KEY (token_id),
    CONSTRAINT application_token_policies_token_fkey FOREIGN KEY (token_id)
        REFERENCES application_tokens (id) ON DELETE CASCADE
);
