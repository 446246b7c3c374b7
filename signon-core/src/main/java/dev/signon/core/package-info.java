/**
 * The entry point of a Signon host, {@link dev.signon.core.SignonServer}, and the exception
 * hierarchy shared by every part of the engine.
 */
@NullMarked
package dev.signon.core;

import org.jspecify.annotations.NullMarked;
