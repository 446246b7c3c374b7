-- The table of JdbcSessionEnds (signon-servlet): which people and sessions a back-channel logout
-- or a gds-sso reauth push has ended, shared by every instance of a relying app. Runs on
-- PostgreSQL (and the databases compatible with it) and H2. JdbcSessionEnds.create(dataSource)
-- runs this script itself; run it yourself and use JdbcSessionEnds.existing(dataSource) when the
-- app's database user may not create tables.
--   name_hash: the SHA-256 (hex) of a name such as "sub:<subject>", "uid:<uid>" or "sid:<sid>"
--   ended_at:  when the latest notice for that name arrived, in milliseconds since 1970 (UTC);
--              rows older than the filter's retention (24 hours) are deleted now and then.
CREATE TABLE IF NOT EXISTS signon_session_ends (
  name_hash VARCHAR(64) PRIMARY KEY,
  ended_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS signon_session_ends_ended_at ON signon_session_ends (ended_at);
