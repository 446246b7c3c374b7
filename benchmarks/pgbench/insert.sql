-- One token row inserted, one transaction committed (durably): a token request's floor.
INSERT INTO bench_tokens VALUES (md5(random()::text) || md5(random()::text), 'ACCESS_TOKEN',
  gen_random_uuid(), 'read', now(), now() + interval '1 hour', gen_random_uuid());
