package dev.signon.servlet;

import java.util.Objects;

/**
 * Where {@link SignonFilter} reads a person's name, email address and roles on this app, at sign-in
 * and at every refresh.
 *
 * <pre>{@code
 * SignonFilter.builder(client).roleSource(RoleSource.userJson()).build();
 * }</pre>
 */
public final class RoleSource {
  enum Kind {
    AUTOMATIC,
    USER_DETAILS,
    USER_JSON,
    CLAIM
  }

  private final Kind kind;
  private final String claim;

  private RoleSource(Kind kind, String claim) {
    this.kind = kind;
    this.claim = claim;
  }

  /**
   * The default: the {@code roles} claim when the ID token or userinfo carries one; otherwise the
   * Signon host's {@code user_details}. A provider that answers {@code user_details} with 404 is
   * taken to be no Signon host (GOV.UK One Login, Entra ID), remembered, and its people get the
   * roles the claim gives, which may be none.
   */
  public static RoleSource automatic() {
    return automatic("roles");
  }

  /**
   * As {@link #automatic()}, with another claim name.
   *
   * @throws IllegalArgumentException if {@code claim} is blank
   */
  public static RoleSource automatic(String claim) {
    return new RoleSource(Kind.AUTOMATIC, claimName(claim));
  }

  /**
   * A Signon host's {@code GET /api/user_details} (the MoJ Sign On shape): roles from every
   * organisation's grant, refreshed with the access token. Its logout link is used at sign-out.
   */
  public static RoleSource userDetails() {
    return new RoleSource(Kind.USER_DETAILS, "roles");
  }

  /**
   * A Signon host's {@code GET /user.json} (the gds-sso shape): the permissions on this app and the
   * organisation slug, refreshed with the access token; a suspended ({@code disabled}) person is
   * signed out.
   */
  public static RoleSource userJson() {
    return new RoleSource(Kind.USER_JSON, "roles");
  }

  /**
   * A claim of the ID token or userinfo: a JSON array of strings or a space-separated string.
   * Refreshed only when the provider issued a refresh token, from the new ID token.
   *
   * @throws IllegalArgumentException if {@code claim} is blank
   */
  public static RoleSource claim(String claim) {
    return new RoleSource(Kind.CLAIM, claimName(claim));
  }

  Kind kind() {
    return kind;
  }

  String claimName() {
    return claim;
  }

  private static String claimName(String claim) {
    Objects.requireNonNull(claim, "claim");
    if (claim.isBlank()) {
      throw new IllegalArgumentException("claim must not be blank");
    }
    return claim;
  }

  @Override
  public String toString() {
    return switch (kind) {
      case AUTOMATIC -> "RoleSource.automatic(" + claim + ")";
      case USER_DETAILS -> "RoleSource.userDetails()";
      case USER_JSON -> "RoleSource.userJson()";
      case CLAIM -> "RoleSource.claim(" + claim + ")";
    };
  }
}
