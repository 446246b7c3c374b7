/**
 * Automatic rotation of API users' application tokens: the {@link
 * dev.signon.core.rotation.RotationPolicy} that says when a token is replaced, the {@link
 * dev.signon.core.rotation.SecretSink}s that write a new token where its consuming application
 * reads it, the {@link dev.signon.core.rotation.SecretRoute}s that say which token goes where, and
 * the {@link dev.signon.core.rotation.ApiTokenHealth} that warns before anything expires. The
 * host's housekeeping does the work; see {@link dev.signon.core.admin.TokenRotations}.
 */
@NullMarked
package dev.signon.core.rotation;

import org.jspecify.annotations.NullMarked;
