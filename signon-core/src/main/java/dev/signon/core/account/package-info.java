/**
 * What a host knows of a person's account beyond the directory, as plain values the store keeps:
 * credentials, host sessions and emailed sign-in links; and {@link
 * dev.signon.core.account.AccountEvents}, what happens to an account that the person hears of.
 * Nothing here uses the store or a service.
 */
@NullMarked
package dev.signon.core.account;

import org.jspecify.annotations.NullMarked;
