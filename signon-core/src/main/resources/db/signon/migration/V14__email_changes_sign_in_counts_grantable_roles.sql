-- Signon schema, version 14: the admin console's email changes, sign-ins counted per application and
-- month, and roles that cannot be granted to people.

-- An email change an admin asked for, waiting until the new address confirms it: one per person.
-- hash is the SHA-256 of the emailed link's token, never the token.
CREATE TABLE email_changes (
    user_id      UUID         NOT NULL,
    new_email    VARCHAR(320) NOT NULL,
    hash         VARCHAR(64)  NOT NULL,
    requested_by UUID,
    requested_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT email_changes_pkey PRIMARY KEY (user_id),
    CONSTRAINT email_changes_hash_key UNIQUE (hash),
    CONSTRAINT email_changes_user_fkey FOREIGN KEY (user_id)
        REFERENCES users (uid) ON DELETE CASCADE
);

-- Sign-ins to each application per calendar month (UTC), month as 'YYYY-MM'. Each sign-in adds
-- one to a row picked at random among a few (slot), so that concurrent sign-ins to one application
-- seldom wait for the same row; a read sums the slots.
CREATE TABLE application_sign_ins (
    application_id UUID       NOT NULL,
    sign_in_month  VARCHAR(7) NOT NULL,
    slot           INTEGER    NOT NULL,
    sign_ins       BIGINT     NOT NULL,
    CONSTRAINT application_sign_ins_pkey PRIMARY KEY (application_id, sign_in_month, slot),
    CONSTRAINT application_sign_ins_application_fkey FOREIGN KEY (application_id)
        REFERENCES applications (id) ON DELETE CASCADE
);

-- A role that is not grantable is set only by automation (or held by API users): the console and
-- the admin API refuse to give it to people.
ALTER TABLE application_roles ADD COLUMN grantable BOOLEAN DEFAULT TRUE NOT NULL;
