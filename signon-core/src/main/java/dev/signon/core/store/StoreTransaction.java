package dev.signon.core.store;

/** The stores of each aggregate, all bound to one transaction. Valid only inside it. */
public interface StoreTransaction {
  /** Organisations and their parent links. */
  OrganisationStore organisations();

  /** Teams and their members. */
  TeamStore teams();

  /** Users and API users. */
  UserStore users();

  /** Applications and their roles and redirect URIs. */
  ApplicationStore applications();

  /** Grants of applications to teams and users. */
  GrantStore grants();

  /** The audit log. */
  AuditStore audit();

  /** Authorization codes. */
  AuthorizationCodeStore authorizationCodes();

  /** Access and refresh tokens. */
  IssuedTokenStore issuedTokens();

  /** API users' application tokens. */
  ApplicationTokenStore applicationTokens();

  /** Signing keys. */
  SigningKeyStore signingKeys();

  /** Keys that may be used once. */
  OneTimeUseStore oneTimeUses();

  /** People's passwords, TOTP secrets and sign-in attempts. */
  CredentialStore credentials();

  /** One-time links sent by email. */
  SignInLinkStore signInLinks();

  /** Browser sessions on the host. */
  HostSessionStore sessions();
}
