/**
 * The exception hierarchy shared by every part of the engine: {@link
 * dev.signon.core.error.SignonRejectedException} when the caller's input was refused, {@link
 * dev.signon.core.error.SignonFailureException} when Signon could not do its part.
 */
@NullMarked
package dev.signon.core.error;

import org.jspecify.annotations.NullMarked;
