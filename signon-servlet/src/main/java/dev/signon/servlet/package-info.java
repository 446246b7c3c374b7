/**
 * Jakarta Servlet adapters: {@link dev.signon.servlet.SignonFilter}, the filter a relying app wraps
 * its requests in, with the hooks it calls ({@link dev.signon.servlet.AccountLinker}, {@link
 * dev.signon.servlet.FallbackAccounts}, {@link dev.signon.servlet.EmailSender}) and {@link
 * dev.signon.servlet.SignonRequest}, which hands the app the signed-in person.
 *
 * <p>The email fallback for a provider outage is switched while the app runs by a {@link
 * dev.signon.servlet.FallbackSwitch} (a flag file, code, a property) or automatically by the
 * provider's health checks, each switch reported to a {@link dev.signon.servlet.FallbackListener}.
 * For an app on several instances, {@link dev.signon.servlet.JdbcAccountLinker} and {@link
 * dev.signon.servlet.JdbcFallbackLinks} keep linked accounts and one-time links in the app's own
 * database.
 */
@NullMarked
package dev.signon.servlet;

import org.jspecify.annotations.NullMarked;
