-- Signing people in: their credentials, the one-time links sent to them by email, and the host's
-- browser sessions, shared by every host instance.
--
-- Same rules as V1 and V2: one script for PostgreSQL and H2 (MODE=PostgreSQL), within what
-- CockroachDB and YugabyteDB accept; every constraint named. Links and sessions are kept as the
-- SHA-256 hex of their token, never the token. Enumerations are stored by their Java names, with no
-- CHECK on them (see issued_tokens in V2). Removing a user removes everything here that is theirs.

-- One row per user, replaced whole on each save. The password and TOTP secret are a slow hash and
-- a ciphertext, never clear. last_two_step_step starts at Long.MIN_VALUE, which BIGINT holds.
-- reminders_sent is the days-before-suspension of the reminders sent, in order, as decimal integers
-- joined by commas ('' for none): a decimal integer never holds a comma, so it reads back exactly.
CREATE TABLE user_credentials (
    user_id                  UUID    NOT NULL,
    password_hash            VARCHAR,
    totp_secret              VARCHAR,
    two_step_version         INTEGER NOT NULL,
    last_two_step_step       BIGINT  NOT NULL,
    failed_password_attempts INTEGER NOT NULL,
    failed_two_step_attempts INTEGER NOT NULL,
    locked_at                TIMESTAMP WITH TIME ZONE,
    last_sign_in_at          TIMESTAMP WITH TIME ZONE,
    unsuspended_at           TIMESTAMP WITH TIME ZONE,
    password_change_required BOOLEAN NOT NULL,
    reminders_sent           VARCHAR NOT NULL,
    CONSTRAINT user_credentials_pkey PRIMARY KEY (user_id),
    CONSTRAINT user_credentials_user_fkey FOREIGN KEY (user_id)
        REFERENCES users (uid) ON DELETE CASCADE
);

-- Hashes of a user's earlier passwords, newest first (ordinal 0). A child table rather than a
-- delimited column: PHC strings hold commas ("m=19456,t=2,p=1") and the type allows any string.
CREATE TABLE previous_password_hashes (
    user_id       UUID    NOT NULL,
    ordinal       INTEGER NOT NULL,
    password_hash VARCHAR NOT NULL,
    CONSTRAINT previous_password_hashes_pkey PRIMARY KEY (user_id, ordinal),
    CONSTRAINT previous_password_hashes_user_fkey FOREIGN KEY (user_id)
        REFERENCES user_credentials (user_id) ON DELETE CASCADE
);

-- One-time links: invitations, password resets, unlocks, magic links. consumed_at is set once, by
-- UPDATE ... WHERE consumed_at IS NULL. purpose is LinkPurpose's name.
CREATE TABLE sign_in_links (
    hash        VARCHAR(64) NOT NULL,
    user_id     UUID        NOT NULL,
    purpose     VARCHAR(32) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    consumed_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT sign_in_links_pkey PRIMARY KEY (hash),
    CONSTRAINT sign_in_links_user_fkey FOREIGN KEY (user_id)
        REFERENCES users (uid) ON DELETE CASCADE
);

CREATE INDEX sign_in_links_expires_idx ON sign_in_links (expires_at);
-- Also serves the foreign key's cascade (user_id leads).
CREATE INDEX sign_in_links_user_purpose_idx ON sign_in_links (user_id, purpose);

-- Browser sessions on the host; id is the hash of the cookie's token. state is SessionState's name.
CREATE TABLE host_sessions (
    id           VARCHAR(64) NOT NULL,
    user_id      UUID        NOT NULL,
    state        VARCHAR(32) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at TIMESTAMP WITH TIME ZONE NOT NULL,
    auth_time    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT host_sessions_pkey PRIMARY KEY (id),
    CONSTRAINT host_sessions_user_fkey FOREIGN KEY (user_id)
        REFERENCES users (uid) ON DELETE CASCADE
);

CREATE INDEX host_sessions_last_seen_idx ON host_sessions (last_seen_at);
CREATE INDEX host_sessions_user_idx ON host_sessions (user_id);
