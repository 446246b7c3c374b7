/**
 * The operations admins do by hand in GOV.UK Signon and MoJ Sign On (create users and API users,
 * suspend, grant, manage teams and organisations), each checked against the admin policy, applied
 * in one transaction, and audited.
 */
@NullMarked
package dev.signon.core.admin;

import org.jspecify.annotations.NullMarked;
