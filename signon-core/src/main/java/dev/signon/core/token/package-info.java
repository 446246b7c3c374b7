/**
 * Token values and what is stored of them: authorization codes, access and refresh tokens, API-user
 * application tokens and signing keys. A token's value is shown once; only its SHA-256 hash is
 * stored.
 */
@NullMarked
package dev.signon.core.token;

import org.jspecify.annotations.NullMarked;
