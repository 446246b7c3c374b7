-- The versions of the host's user agreement, numbered from 1. The version people must have
-- accepted at a moment is the newest whose required_from has come.
CREATE TABLE user_agreements (
    version       INTEGER      NOT NULL,
    title         VARCHAR(200) NOT NULL,
    body          VARCHAR      NOT NULL,
    required_from TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT user_agreements_pkey PRIMARY KEY (version)
);

CREATE INDEX user_agreements_required_idx ON user_agreements (required_from);

-- Who accepted which version, when and from which address. Removing the person removes these.
CREATE TABLE user_agreement_acceptances (
    user_id     UUID    NOT NULL,
    version     INTEGER NOT NULL,
    accepted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    ip_address  VARCHAR,
    CONSTRAINT user_agreement_acceptances_pkey PRIMARY KEY (user_id, version),
    CONSTRAINT user_agreement_acceptances_user_fkey FOREIGN KEY (user_id)
        REFERENCES users (uid) ON DELETE CASCADE,
    CONSTRAINT user_agreement_acceptances_version_fkey FOREIGN KEY (version)
        REFERENCES user_agreements (version)
);
