/**
 * What the host tells relying applications: gds-sso user updates and reauth pushes, and OpenID
 * Connect Back-Channel Logout tokens. {@link dev.signon.core.notify.Outbox} writes each notice in
 * the same store transaction as the change that causes it; {@link
 * dev.signon.core.notify.NoticeDelivery} sends them later through a {@link
 * dev.signon.core.notify.NoticeSender}, with retries, so a slow application never slows an admin.
 */
@NullMarked
package dev.signon.core.notify;

import org.jspecify.annotations.NullMarked;
