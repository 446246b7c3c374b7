/**
 * The audit log: every account event, with a stable numeric code, its subject, who did it, and from
 * where.
 */
@NullMarked
package dev.signon.core.audit;

import org.jspecify.annotations.NullMarked;
