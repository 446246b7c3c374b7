/**
 * The entry point of a Signon host, {@link dev.signon.core.SignonServer}: the one place where the
 * engine's services are wired. Nothing else in the engine depends on this package.
 */
@NullMarked
package dev.signon.core;

import org.jspecify.annotations.NullMarked;
