/**
 * Organisations fed from an outside register such as GOV.UK's organisations API: the {@link
 * dev.signon.core.orgfeed.OrganisationFeed} SPI yields the register page by page, and {@link
 * dev.signon.core.orgfeed.OrganisationFeedSync} brings the host's organisations in line with it —
 * creating and updating by content id or slug, marking closed ones closed, never deleting, and
 * replacing only the parent links the feed made, so links added locally survive every refresh.
 */
@NullMarked
package dev.signon.core.orgfeed;

import org.jspecify.annotations.NullMarked;
