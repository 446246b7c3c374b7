package dev.signon.core.directory;

/**
 * Who made an organisation's link to a parent: an organisation feed, whose refresh replaces such
 * links, or a local admin, whose links survive every refresh.
 */
public enum ParentOrigin {
  /** Read from an outside register such as GOV.UK's organisations API. */
  FEED,
  /** Added on this host by an admin. */
  LOCAL
}
