/**
 * The client a relying app uses to sign people in through a Signon host or any OpenID Provider,
 * validate their tokens, and call the host's APIs.
 */
@NullMarked
package dev.signon.client;

import org.jspecify.annotations.NullMarked;
