/**
 * Jakarta Servlet adapters: {@link dev.signon.servlet.SignonFilter}, the filter a relying app wraps
 * its requests in, with the hooks it calls ({@link dev.signon.servlet.AccountLinker}, {@link
 * dev.signon.servlet.FallbackAccounts}, {@link dev.signon.servlet.EmailSender}) and {@link
 * dev.signon.servlet.SignonRequest}, which hands the app the signed-in person.
 */
@NullMarked
package dev.signon.servlet;

import org.jspecify.annotations.NullMarked;
