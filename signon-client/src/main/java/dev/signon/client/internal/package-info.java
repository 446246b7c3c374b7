/** Helpers for the Signon client that are not API: not exported from the module. */
@NullMarked
package dev.signon.client.internal;

import org.jspecify.annotations.NullMarked;
