-- The token engine's state: authorization codes, access and refresh tokens, API users' application
-- tokens, signing keys and one-time-use keys; and the client settings of applications.
--
-- Same rules as V1: one script for PostgreSQL and H2 (MODE=PostgreSQL), within what CockroachDB
-- and YugabyteDB accept; every constraint named. Tokens are kept as the SHA-256 hex of their value,
-- never the value. A scope set is stored as its scopes joined by single spaces (scope tokens never
-- hold a space, RFC 6749 section 3.3), sorted, so it reads back exactly. What must happen once
-- (redeeming a code, spending a refresh token, claiming a key) is one conditional UPDATE or one
-- INSERT against a primary key, decided by the database.

ALTER TABLE applications ADD COLUMN client_secret_hash VARCHAR(64);
ALTER TABLE applications ADD COLUMN jwks VARCHAR;
ALTER TABLE applications ADD COLUMN id_token_signing_alg VARCHAR(16) NOT NULL DEFAULT 'RS256';
ALTER TABLE applications ADD COLUMN access_token_format VARCHAR(16) NOT NULL DEFAULT 'OPAQUE';

CREATE TABLE application_post_logout_redirect_uris (
    application_id UUID          NOT NULL,
    ordinal        INTEGER       NOT NULL,
    uri            VARCHAR(2000) NOT NULL,
    CONSTRAINT application_post_logout_redirect_uris_pkey PRIMARY KEY (application_id, ordinal),
    CONSTRAINT application_post_logout_redirect_uris_application_fkey FOREIGN KEY (application_id)
        REFERENCES applications (id) ON DELETE CASCADE
);

-- Removing the user or the application removes the code. consumed_at is set once, by
-- UPDATE ... WHERE consumed_at IS NULL.
CREATE TABLE authorization_codes (
    hash           VARCHAR(64)   NOT NULL,
    application_id UUID          NOT NULL,
    user_id        UUID          NOT NULL,
    redirect_uri   VARCHAR(2000) NOT NULL,
    scopes         VARCHAR       NOT NULL,
    nonce          VARCHAR,
    code_challenge VARCHAR,
    auth_time      TIMESTAMP WITH TIME ZONE NOT NULL,
    issued_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    family         UUID          NOT NULL,
    consumed_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT authorization_codes_pkey PRIMARY KEY (hash),
    CONSTRAINT authorization_codes_application_fkey FOREIGN KEY (application_id)
        REFERENCES applications (id) ON DELETE CASCADE,
    CONSTRAINT authorization_codes_user_fkey FOREIGN KEY (user_id)
        REFERENCES users (uid) ON DELETE CASCADE
);

CREATE INDEX authorization_codes_user_idx ON authorization_codes (user_id);
CREATE INDEX authorization_codes_application_idx ON authorization_codes (application_id);
CREATE INDEX authorization_codes_expires_idx ON authorization_codes (expires_at);

-- Access and refresh tokens; kind is TokenKind's name. user_id is NULL for a client-credentials
-- token. A refresh token is spent once, by UPDATE ... WHERE used_at IS NULL AND revoked_at IS NULL.
-- The store refuses any other kind when it reads a row. (No CHECK on kind: H2 2.4 binds a check's
-- list of constants, IN or ORs, to the session that created it, and once that session has closed
-- every insert fails with "check constraint invalid".)
CREATE TABLE issued_tokens (
    hash           VARCHAR(64) NOT NULL,
    kind           VARCHAR(32) NOT NULL,
    application_id UUID        NOT NULL,
    user_id        UUID,
    scopes         VARCHAR     NOT NULL,
    auth_time      TIMESTAMP WITH TIME ZONE NOT NULL,
    issued_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    family         UUID        NOT NULL,
    used_at        TIMESTAMP WITH TIME ZONE,
    revoked_at     TIMESTAMP WITH TIME ZONE,
    CONSTRAINT issued_tokens_pkey PRIMARY KEY (hash),
    CONSTRAINT issued_tokens_application_fkey FOREIGN KEY (application_id)
        REFERENCES applications (id) ON DELETE CASCADE,
    CONSTRAINT issued_tokens_user_fkey FOREIGN KEY (user_id)
        REFERENCES users (uid) ON DELETE CASCADE
);

CREATE INDEX issued_tokens_family_idx ON issued_tokens (family);
CREATE INDEX issued_tokens_user_idx ON issued_tokens (user_id, application_id);
CREATE INDEX issued_tokens_application_idx ON issued_tokens (application_id);
CREATE INDEX issued_tokens_expires_idx ON issued_tokens (expires_at);

-- An API user's tokens. created_by and replaces are records, not references: the token outlives
-- the admin who made it and the token it rotated.
CREATE TABLE application_tokens (
    id             UUID        NOT NULL,
    hash           VARCHAR(64) NOT NULL,
    api_user_id    UUID        NOT NULL,
    application_id UUID        NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at   TIMESTAMP WITH TIME ZONE,
    revoked_at     TIMESTAMP WITH TIME ZONE,
    created_by     UUID,
    replaces       UUID,
    CONSTRAINT application_tokens_pkey PRIMARY KEY (id),
    CONSTRAINT application_tokens_hash_key UNIQUE (hash),
    CONSTRAINT application_tokens_api_user_fkey FOREIGN KEY (api_user_id)
        REFERENCES users (uid) ON DELETE CASCADE,
    CONSTRAINT application_tokens_application_fkey FOREIGN KEY (application_id)
        REFERENCES applications (id) ON DELETE CASCADE
);

CREATE INDEX application_tokens_api_user_idx ON application_tokens (api_user_id);
CREATE INDEX application_tokens_application_idx ON application_tokens (application_id);
CREATE INDEX application_tokens_expires_idx ON application_tokens (expires_at);

-- The host's signing keys, shared by every instance. The private JWK is encrypted by the host.
CREATE TABLE signing_keys (
    kid                   VARCHAR(255) NOT NULL,
    algorithm             VARCHAR(16)  NOT NULL,
    public_jwk            VARCHAR      NOT NULL,
    encrypted_private_jwk VARCHAR      NOT NULL,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    retires_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT signing_keys_pkey PRIMARY KEY (kid)
);

-- Keys that may be used once (a client assertion's jti, a TOTP code, a sign-in link). Claiming is
-- an INSERT: the primary key lets exactly one of any number of concurrent claims in. (KEY is a
-- reserved word in H2, hence claim_key.)
CREATE TABLE one_time_uses (
    claim_key  VARCHAR     NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT one_time_uses_pkey PRIMARY KEY (claim_key)
);

CREATE INDEX one_time_uses_expires_idx ON one_time_uses (expires_at);
