-- A table shaped like issued_tokens (hash primary key, a few columns), holding 100,000 rows
-- whose hashes pgbench's lookup can name: md5 of 1..100000, twice (64 hex digits, as ours).
DROP TABLE IF EXISTS bench_tokens;
CREATE TABLE bench_tokens (
  hash VARCHAR(64) PRIMARY KEY,
  kind VARCHAR(32) NOT NULL,
  application_id UUID NOT NULL,
  scopes VARCHAR(1000) NOT NULL,
  issued_at TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  family UUID NOT NULL
);
INSERT INTO bench_tokens
SELECT md5(i::text) || md5(i::text), 'ACCESS_TOKEN', gen_random_uuid(), 'read', now(),
       now() + interval '1 hour', gen_random_uuid()
FROM generate_series(1, 100000) AS i;
VACUUM ANALYZE bench_tokens;
