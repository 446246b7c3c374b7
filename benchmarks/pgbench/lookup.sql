-- One token row read by its primary key: an introspection's floor.
\set i random(1, 100000)
SELECT * FROM bench_tokens WHERE hash = md5(:i::text) || md5(:i::text);
