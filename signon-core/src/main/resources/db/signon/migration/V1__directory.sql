-- The directory, applications, grants and audit log of a Signon host.
--
-- One script for PostgreSQL and H2 (in MODE=PostgreSQL), kept within what CockroachDB and
-- YugabyteDB also accept: no triggers, no functions, no advisory locks. Every constraint is named
-- so the store can say which rule a change broke. Times are TIMESTAMP WITH TIME ZONE, written in
-- UTC with microsecond precision. Enumerations are stored by their wire names or stable codes.

CREATE TABLE organisations (
    id                UUID          NOT NULL,
    slug              VARCHAR(255)  NOT NULL,
    name              VARCHAR(255)  NOT NULL,
    content_id        UUID          NOT NULL,
    two_step_mandated BOOLEAN       NOT NULL,
    CONSTRAINT organisations_pkey PRIMARY KEY (id),
    CONSTRAINT organisations_slug_key UNIQUE (slug)
);

-- A child may have several parents. Removing an organisation removes its own parent links, but an
-- organisation that is still someone's parent cannot be removed.
CREATE TABLE organisation_parents (
    organisation_id UUID NOT NULL,
    parent_id       UUID NOT NULL,
    CONSTRAINT organisation_parents_pkey PRIMARY KEY (organisation_id, parent_id),
    CONSTRAINT organisation_parents_organisation_fkey FOREIGN KEY (organisation_id)
        REFERENCES organisations (id) ON DELETE CASCADE,
    CONSTRAINT organisation_parents_parent_fkey FOREIGN KEY (parent_id)
        REFERENCES organisations (id)
);

CREATE INDEX organisation_parents_parent_idx ON organisation_parents (parent_id);

CREATE TABLE users (
    uid               UUID          NOT NULL,
    name              VARCHAR(255)  NOT NULL,
    first_name        VARCHAR(255),
    last_name         VARCHAR(255),
    email             VARCHAR(254)  NOT NULL,
    role              VARCHAR(64)   NOT NULL,
    organisation_id   UUID,
    status            VARCHAR(64)   NOT NULL,
    suspension_reason VARCHAR(1000),
    api_user          BOOLEAN       NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT users_pkey PRIMARY KEY (uid),
    CONSTRAINT users_email_key UNIQUE (email),
    CONSTRAINT users_organisation_fkey FOREIGN KEY (organisation_id)
        REFERENCES organisations (id)
);

CREATE INDEX users_organisation_idx ON users (organisation_id);

CREATE TABLE teams (
    id              UUID         NOT NULL,
    name            VARCHAR(255) NOT NULL,
    organisation_id UUID         NOT NULL,
    CONSTRAINT teams_pkey PRIMARY KEY (id),
    CONSTRAINT teams_organisation_fkey FOREIGN KEY (organisation_id)
        REFERENCES organisations (id)
);

CREATE INDEX teams_organisation_idx ON teams (organisation_id);

-- Removing a user or a team removes the membership.
CREATE TABLE team_members (
    team_id UUID    NOT NULL,
    user_id UUID    NOT NULL,
    admin   BOOLEAN NOT NULL,
    CONSTRAINT team_members_pkey PRIMARY KEY (team_id, user_id),
    CONSTRAINT team_members_team_fkey FOREIGN KEY (team_id)
        REFERENCES teams (id) ON DELETE CASCADE,
    CONSTRAINT team_members_user_fkey FOREIGN KEY (user_id)
        REFERENCES users (uid) ON DELETE CASCADE
);

CREATE INDEX team_members_user_idx ON team_members (user_id);

CREATE TABLE applications (
    id              UUID         NOT NULL,
    client_id       VARCHAR(255) NOT NULL,
    name            VARCHAR(255) NOT NULL,
    description     VARCHAR      NOT NULL,
    service_uri     VARCHAR,
    organisation_id UUID,
    retired         BOOLEAN      NOT NULL,
    api_only        BOOLEAN      NOT NULL,
    CONSTRAINT applications_pkey PRIMARY KEY (id),
    CONSTRAINT applications_client_id_key UNIQUE (client_id),
    CONSTRAINT applications_organisation_fkey FOREIGN KEY (organisation_id)
        REFERENCES organisations (id)
);

-- Roles in the application's order: signin first (ordinal 0), then as registered.
CREATE TABLE application_roles (
    application_id UUID          NOT NULL,
    name           VARCHAR(100)  NOT NULL,
    ordinal        INTEGER       NOT NULL,
    description    VARCHAR(1000) NOT NULL,
    delegated      BOOLEAN       NOT NULL,
    CONSTRAINT application_roles_pkey PRIMARY KEY (application_id, name),
    CONSTRAINT application_roles_application_fkey FOREIGN KEY (application_id)
        REFERENCES applications (id) ON DELETE CASCADE
);

CREATE TABLE application_redirect_uris (
    application_id UUID          NOT NULL,
    ordinal        INTEGER       NOT NULL,
    uri            VARCHAR(2000) NOT NULL,
    CONSTRAINT application_redirect_uris_pkey PRIMARY KEY (application_id, ordinal),
    CONSTRAINT application_redirect_uris_application_fkey FOREIGN KEY (application_id)
        REFERENCES applications (id) ON DELETE CASCADE
);

-- A grant goes to exactly one team or one user, at most one per application and grantee. Unique
-- constraints treat NULLs as distinct, so the two keys below do not collide. Removing the
-- application, team or user removes the grant.
CREATE TABLE grants (
    id             UUID NOT NULL,
    application_id UUID NOT NULL,
    team_id        UUID,
    user_id        UUID,
    CONSTRAINT grants_pkey PRIMARY KEY (id),
    CONSTRAINT grants_one_grantee_check CHECK (
        (team_id IS NOT NULL AND user_id IS NULL) OR (team_id IS NULL AND user_id IS NOT NULL)),
    CONSTRAINT grants_application_team_key UNIQUE (application_id, team_id),
    CONSTRAINT grants_application_user_key UNIQUE (application_id, user_id),
    CONSTRAINT grants_application_fkey FOREIGN KEY (application_id)
        REFERENCES applications (id) ON DELETE CASCADE,
    CONSTRAINT grants_team_fkey FOREIGN KEY (team_id)
        REFERENCES teams (id) ON DELETE CASCADE,
    CONSTRAINT grants_user_fkey FOREIGN KEY (user_id)
        REFERENCES users (uid) ON DELETE CASCADE
);

CREATE INDEX grants_team_idx ON grants (team_id);
CREATE INDEX grants_user_idx ON grants (user_id);

CREATE TABLE grant_roles (
    grant_id UUID         NOT NULL,
    role     VARCHAR(100) NOT NULL,
    CONSTRAINT grant_roles_pkey PRIMARY KEY (grant_id, role),
    CONSTRAINT grant_roles_grant_fkey FOREIGN KEY (grant_id)
        REFERENCES grants (id) ON DELETE CASCADE
);

-- Append-only. No foreign keys: the log outlives the users and applications it mentions. seq
-- orders entries written at the same instant; type_code is AuditEventType's stable code.
CREATE TABLE audit_events (
    id             UUID          NOT NULL,
    seq            BIGINT        GENERATED BY DEFAULT AS IDENTITY,
    occurred_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    type_code      INTEGER       NOT NULL,
    subject_id     UUID,
    initiator_id   UUID,
    application_id UUID,
    target         VARCHAR,
    ip_address     VARCHAR,
    user_agent     VARCHAR,
    detail         VARCHAR(2000) NOT NULL,
    CONSTRAINT audit_events_pkey PRIMARY KEY (id)
);

CREATE INDEX audit_events_recent_idx ON audit_events (occurred_at, seq);
CREATE INDEX audit_events_subject_idx ON audit_events (subject_id, occurred_at, seq);
