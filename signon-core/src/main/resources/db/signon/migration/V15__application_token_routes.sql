-- Where one token's successors are delivered, set for that token in the console; it takes
-- precedence over the host's configured routes and is carried to the token's successor. sink names
-- a sink the host has configured (checked when set; a sink later removed from the configuration
-- makes the delivery fail visibly rather than go elsewhere).
CREATE TABLE application_token_routes (
    token_id   UUID         NOT NULL,
    sink       VARCHAR(100) NOT NULL,
    target     VARCHAR(253) NOT NULL,
    secret_key VARCHAR(253) NOT NULL,
    CONSTRAINT application_token_routes_pkey PRIMARY KEY (token_id),
    CONSTRAINT application_token_routes_token_fkey FOREIGN KEY (token_id)
        REFERENCES application_tokens (id) ON DELETE CASCADE
);
