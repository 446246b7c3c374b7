/**
 * A client for a Signon host's admin API: the operators' runbooks (create users and API users, add,
 * list, rotate and revoke application tokens, suspend and unsuspend, reset two-step verification)
 * over HTTP. Start at {@link dev.signon.client.admin.SignonAdminClient}.
 */
@NullMarked
package dev.signon.client.admin;

import org.jspecify.annotations.NullMarked;
