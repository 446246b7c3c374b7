package dev.signon.core.token;

/**
 * What a token value is for. The prefix makes a leaked value recognisable to secret scanners and
 * lets the engine refuse a token presented in the wrong place without a store lookup.
 */
public enum TokenKind {
  /** A single-use authorization code (RFC 6749 section 4.1.2). */
  AUTHORIZATION_CODE("sgn_c_"),
  /** An OAuth access token. */
  ACCESS_TOKEN("sgn_a_"),
  /** An OAuth refresh token, rotated on every use. */
  REFRESH_TOKEN("sgn_r_"),
  /** A long-lived application token held by an API user. */
  APPLICATION_TOKEN("sgn_t_"),
  /** A client secret that the host generated for a confidential client. */
  CLIENT_SECRET("sgn_s_"),
  /** A host session, held in a browser cookie. */
  SESSION("sgn_h_"),
  /** A one-time link sent by email. */
  LINK("sgn_l_");

  private final String prefix;

  TokenKind(String prefix) {
    this.prefix = prefix;
  }

  /** The prefix every value of this kind starts with. */
  public String prefix() {
    return prefix;
  }
}
