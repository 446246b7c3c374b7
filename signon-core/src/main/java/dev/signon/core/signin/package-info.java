/**
 * Signing people in on the host: password hashing and policy, two-step verification (TOTP),
 * lockout, invitations, password resets and sign-in links.
 */
@NullMarked
package dev.signon.core.signin;

import org.jspecify.annotations.NullMarked;
