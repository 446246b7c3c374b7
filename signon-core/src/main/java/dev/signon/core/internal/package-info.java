/** Helpers shared inside signon-core; not API, not exported. */
@NullMarked
package dev.signon.core.internal;

import org.jspecify.annotations.NullMarked;
