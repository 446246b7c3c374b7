/**
 * User agreements: versioned documents (terms of use, an acceptable-use policy) that people must
 * accept before a session on the host counts as signed in, at their first sign-in and again when a
 * new version becomes required. {@link dev.signon.core.agreement.UserAgreements} decides which
 * version a person must accept; {@link dev.signon.core.agreement.AgreementAcceptance} records who
 * accepted which version, when and from where.
 */
@NullMarked
package dev.signon.core.agreement;

import org.jspecify.annotations.NullMarked;
