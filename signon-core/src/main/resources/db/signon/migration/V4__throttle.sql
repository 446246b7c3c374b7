-- Throttling: counters of attempts per client address and per account, shared by every host
-- instance.
--
-- Same rules as V1 to V3: one script for PostgreSQL and H2 (MODE=PostgreSQL), within what
-- CockroachDB and YugabyteDB accept; every constraint named. counter_key is the hex HMAC-SHA256,
-- under the host's key-encryption key, of the action, the scope, the address or account and the
-- window's start: no address or email address is kept in clear, and a new window is a new row.
-- expires_at is the end of the window; housekeeping deletes rows past it.
CREATE TABLE throttle_counters (
    counter_key VARCHAR(64) NOT NULL,
    hits        BIGINT      NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT throttle_counters_pkey PRIMARY KEY (counter_key),
    CONSTRAINT throttle_counters_hits_check CHECK (hits >= 0)
);

CREATE INDEX throttle_counters_expires_idx ON throttle_counters (expires_at);
