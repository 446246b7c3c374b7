/** Helpers for the servlet adapters that are not API: not exported from the module. */
@NullMarked
package dev.signon.servlet.internal;

import org.jspecify.annotations.NullMarked;
