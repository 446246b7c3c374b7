/**
 * The OAuth 2.0 / OpenID Connect endpoints as plain functions from a {@link
 * dev.signon.core.oauth.ProtocolRequest} to a {@link dev.signon.core.oauth.ProtocolResponse}, with
 * no HTTP framework: the servlet and Spring layers only translate.
 */
@NullMarked
package dev.signon.core.oauth;

import org.jspecify.annotations.NullMarked;
