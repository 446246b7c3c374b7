-- Signon schema, version 12: where an application takes gds-sso pushes when it lives under a
-- context path, and how long the host retries its notices before giving up (NULL: the host's
-- default, NoticeSettings.giveUpAfter).

ALTER TABLE applications ADD COLUMN push_base_uri VARCHAR(2048);
ALTER TABLE applications ADD COLUMN notice_give_up_seconds BIGINT;
