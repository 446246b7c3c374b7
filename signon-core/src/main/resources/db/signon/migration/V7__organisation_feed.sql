-- Organisations fed from an outside register (GOV.UK's organisations API): a closed organisation
-- is kept and marked, never deleted; each parent link remembers whether the feed or a local admin
-- made it, so a refresh replaces the feed's links and keeps the local ones.

ALTER TABLE organisations ADD COLUMN closed BOOLEAN DEFAULT FALSE NOT NULL;

ALTER TABLE organisation_parents ADD COLUMN origin VARCHAR(8) DEFAULT 'local' NOT NULL;
