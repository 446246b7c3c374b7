package dev.signon.core.application;

import dev.signon.core.error.InvalidInputException;

/**
 * How an application's client authenticates at the token endpoint (RFC 6749 section 2.1). A
 * confidential client may be without a usable secret for a while, as after an import (secrets never
 * travel): it then cannot authenticate until an admin sets one, and it never falls back to being
 * public.
 */
public enum ClientType {
  /** No credentials: PKCE is required and the client-credentials grant is refused. */
  PUBLIC("public"),
  /** A client secret ({@code client_secret_basic} or {@code client_secret_post}). */
  CONFIDENTIAL("confidential"),
  /** A JWT signed with one of the client's registered keys (RFC 7523, {@code private_key_jwt}). */
  PRIVATE_KEY_JWT("private_key_jwt");

  private final String wireName;

  ClientType(String wireName) {
    this.wireName = wireName;
  }

  /** The name in documents and the database, such as {@code private_key_jwt}. */
  public String wireName() {
    return wireName;
  }

  /**
   * The type with this wire name.
   *
   * @throws InvalidInputException for any other name
   */
  public static ClientType fromWireName(String name) {
    for (ClientType t : values()) {
      if (t.wireName.equals(name)) {
        return t;
      }
    }
    throw new InvalidInputException(
        "not a client type: " + name + " (public, confidential or private_key_jwt)");
  }
}
