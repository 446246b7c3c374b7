-- Signon schema, version 5: people's integer numbers (MoJ Sign On's user_details id), and how each
-- application's client authenticates.
--
-- Same rules as V1: one script for PostgreSQL and H2 (MODE=PostgreSQL), within what CockroachDB and
-- YugabyteDB accept; every constraint named.

-- Every user number ever given. Rows are never deleted, so a removed user's number is never given
-- to anyone else, and two hosts that pick the same number collide on the primary key.
CREATE TABLE user_numbers (
    user_number BIGINT NOT NULL,
    CONSTRAINT user_numbers_pkey PRIMARY KEY (user_number)
);

-- Users stored before this version are numbered in the order they were created.
ALTER TABLE users ADD COLUMN user_number BIGINT;
UPDATE users SET user_number = (
    SELECT COUNT(*) FROM users earlier
    WHERE earlier.created_at < users.created_at
       OR (earlier.created_at = users.created_at AND earlier.uid <= users.uid));
INSERT INTO user_numbers (user_number) SELECT user_number FROM users;
ALTER TABLE users ALTER COLUMN user_number SET NOT NULL;
ALTER TABLE users ADD CONSTRAINT users_user_number_key UNIQUE (user_number);

-- The next number to give: above every number ever given (a number asked for by an import may
-- jump it forward). One row, changed by a conditional UPDATE, so two hosts never both take one.
CREATE TABLE user_number_counter (
    id          INTEGER NOT NULL,
    next_number BIGINT  NOT NULL,
    CONSTRAINT user_number_counter_pkey PRIMARY KEY (id)
);
INSERT INTO user_number_counter (id, next_number)
    SELECT 1, COALESCE(MAX(user_number), 0) + 1 FROM user_numbers;

-- public, confidential or private_key_jwt. A confidential client may have no secret yet (imported):
-- it cannot authenticate until one is set. Existing rows take the type their credentials imply.
ALTER TABLE applications ADD COLUMN client_type VARCHAR(32);
UPDATE applications SET client_type = CASE
    WHEN jwks IS NOT NULL THEN 'private_key_jwt'
    WHEN client_secret_hash IS NOT NULL THEN 'confidential'
    ELSE 'public' END;
ALTER TABLE applications ALTER COLUMN client_type SET NOT NULL;

-- Where a private_key_jwt client publishes its keys, instead of jwks.
ALTER TABLE applications ADD COLUMN jwks_uri VARCHAR(2000);
