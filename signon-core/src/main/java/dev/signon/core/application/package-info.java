/**
 * Applications that people sign in to and API users call: their client ids, roles, redirect URIs
 * and owning organisation.
 */
@NullMarked
package dev.signon.core.application;

import org.jspecify.annotations.NullMarked;
