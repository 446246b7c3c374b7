-- Upstream identity providers: which upstream identity (issuer and subject) is which account. The
-- primary key decides when two host instances link one identity at once: one insert wins.
CREATE TABLE upstream_links (
    issuer     VARCHAR(500) NOT NULL,
    subject    VARCHAR(255) NOT NULL,
    user_id    UUID         NOT NULL,
    upstream   VARCHAR(64)  NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT upstream_links_pkey PRIMARY KEY (issuer, subject),
    CONSTRAINT upstream_links_user_fkey FOREIGN KEY (user_id)
        REFERENCES users (uid) ON DELETE CASCADE
);

CREATE INDEX upstream_links_user_idx ON upstream_links (user_id);

-- An account pre-activated by email for one upstream only: an identity from another upstream with
-- the same verified email is not linked to it.
CREATE TABLE upstream_email_restrictions (
    user_id  UUID        NOT NULL,
    upstream VARCHAR(64) NOT NULL,
    CONSTRAINT upstream_email_restrictions_pkey PRIMARY KEY (user_id),
    CONSTRAINT upstream_email_restrictions_user_fkey FOREIGN KEY (user_id)
        REFERENCES users (uid) ON DELETE CASCADE
);
