-- One-time links that hand an application token to its API user's address. hash is the SHA-256 of
-- the link's token (the link itself is never stored); sealed_value is the token's value encrypted
-- under a key derived from the host's key-encryption key and the link's token, so neither the
-- database nor the key alone can read it. Viewing sets viewed_at and erases sealed_value, in one
-- conditional UPDATE that only one of any number of concurrent views wins.
CREATE TABLE token_handovers (
    hash                 VARCHAR(64) NOT NULL,
    application_token_id UUID        NOT NULL,
    api_user_id          UUID        NOT NULL,
    application_id       UUID        NOT NULL,
    sealed_value         VARCHAR     NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    viewed_at            TIMESTAMP WITH TIME ZONE,
    CONSTRAINT token_handovers_pkey PRIMARY KEY (hash),
    CONSTRAINT token_handovers_token_fkey FOREIGN KEY (application_token_id)
        REFERENCES application_tokens (id) ON DELETE CASCADE
);

CREATE INDEX token_handovers_expires_idx ON token_handovers (expires_at);
-- Serves the foreign key's cascade.
CREATE INDEX token_handovers_token_idx ON token_handovers (application_token_id);

-- Why an admin exempted a person from two-step verification their organisation mandates; null when
-- they are not exempt. Admins are never exempt.
ALTER TABLE user_credentials ADD COLUMN two_step_exemption VARCHAR(1000);
