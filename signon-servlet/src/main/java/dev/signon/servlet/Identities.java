package dev.signon.servlet;

import dev.signon.client.GdsUser;
import dev.signon.client.ProviderRejectedException;
import dev.signon.client.ProviderUnavailableException;
import dev.signon.client.SecretValue;
import dev.signon.client.SignedInUser;
import dev.signon.client.SignonClient;
import dev.signon.client.Tokens;
import dev.signon.client.UserDetails;
import dev.signon.client.VerifiedAccessToken;
import dev.signon.client.VerifiedIdToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads who a person is and which roles they hold, from the {@link RoleSource}: at sign-in, at
 * every refresh, and for bearer tokens.
 */
final class Identities {
  private static final Logger log = LoggerFactory.getLogger(Identities.class);

  /** Refresh a little before the access token expires, so the call does not race its expiry. */
  private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(30);

  /** The person at sign-in, where their roles came from, and the MoJ logout link if any. */
  record Resolved(SignonPrincipal person, SessionState.Source source, @Nullable String logoutUrl) {}

  private final SignonClient client;
  private final RoleSource roleSource;
  private final AtomicBoolean notSignonHost = new AtomicBoolean();

  Identities(SignonClient client, RoleSource roleSource) {
    this.client = client;
    this.roleSource = roleSource;
  }

  /**
   * The person who just signed in; null when the host says they are suspended.
   *
   * @throws ProviderRejectedException when the host refuses the access token
   * @throws ProviderUnavailableException when the host cannot be asked
   */
  @Nullable Resolved atSignIn(SignedInUser user) {
    Map<String, Object> claims = new LinkedHashMap<>(user.idToken().claims());
    claims.putAll(user.userInfo());
    String subject = user.subject();
    SecretValue accessToken = user.tokens().accessToken();
    switch (roleSource.kind()) {
      case USER_DETAILS:
        return fromUserDetails(subject, client.userDetails(accessToken));
      case USER_JSON:
        return fromUserJson(subject, client.userJson(accessToken));
      case CLAIM:
        return fromClaims(subject, claims, user.email().orElse(null));
      case AUTOMATIC:
      default:
        if (claims.containsKey(roleSource.claimName()) || notSignonHost.get()) {
          return fromClaims(subject, claims, user.email().orElse(null));
        }
        try {
          return fromUserDetails(subject, client.userDetails(accessToken));
        } catch (ProviderRejectedException e) {
          if (e.httpStatus().orElse(0) != 404) {
            throw e;
          }
          log.info("Provider has no user_details endpoint; roles come from the ID token");
          notSignonHost.set(true);
        } catch (IllegalStateException e) {
          notSignonHost.set(true);
        }
        return fromClaims(subject, claims, user.email().orElse(null));
    }
  }

  private Resolved fromClaims(String subject, Map<String, Object> claims, @Nullable String email) {
    SignonPrincipal.Builder b =
        SignonPrincipal.builder(subject)
            .name(nameClaim(claims))
            .roles(roles(claims.get(roleSource.claimName())));
    if (email != null && !email.isBlank()) {
      b.email(email);
    }
    String organisation = string(claims, "organisation_slug");
    if (organisation == null) {
      organisation = string(claims, "organisation");
    }
    if (organisation != null && !organisation.isBlank()) {
      b.organisation(organisation);
    }
    return new Resolved(b.build(), SessionState.Source.CLAIM, null);
  }

  private static Resolved fromUserDetails(String subject, UserDetails details) {
    Set<String> roles = new LinkedHashSet<>();
    for (UserDetails.OrganisationRoles grant : details.permissions()) {
      roles.addAll(grant.roles());
    }
    SignonPrincipal.Builder b =
        SignonPrincipal.builder(subject)
            .uid(details.id())
            .name((details.firstName() + " " + details.lastName()).trim())
            .roles(roles);
    if (!details.email().isBlank()) {
      b.email(details.email());
    }
    if (!details.permissions().isEmpty()) {
      b.organisation(details.permissions().get(0).organisation());
    }
    return new Resolved(
        b.build(), SessionState.Source.USER_DETAILS, details.links().logout().toString());
  }

  private static @Nullable Resolved fromUserJson(String subject, GdsUser user) {
    if (user.disabled()) {
      return null;
    }
    SignonPrincipal.Builder b =
        SignonPrincipal.builder(subject)
            .uid(user.uid())
            .name(user.name())
            .roles(user.permissions());
    if (!user.email().isBlank()) {
      b.email(user.email());
    }
    String organisation = user.organisationSlug();
    if (organisation != null && !organisation.isBlank()) {
      b.organisation(organisation);
    }
    return new Resolved(b.build(), SessionState.Source.USER_JSON, null);
  }

  /**
   * Asks the provider again for the person's roles. Answers the new state; the old roles with a new
   * check time when the provider is unavailable; null when the session must end (the provider
   * refused the tokens, the person is suspended, or a new ID token names someone else).
   */
  @Nullable SessionState refresh(SessionState state, Instant now) {
    SessionState.Draft draft = state.toDraft();
    draft.rolesCheckedAt = now;
    try {
      switch (state.source) {
        case FALLBACK:
          return draft.build();
        case CLAIM:
          {
            SecretValue refreshToken = state.refreshTokenValue();
            if (refreshToken == null) {
              return draft.build(); // ID-token roles last as long as the sign-in
            }
            Tokens tokens = client.refresh(refreshToken);
            draft.tokens(tokens);
            VerifiedIdToken idToken = tokens.idToken().orElse(null);
            if (idToken != null) {
              if (!idToken.subject().equals(state.subject)) {
                log.warn("Refreshed ID token names another subject; ending the session");
                return null;
              }
              Object roles = idToken.claims().get(roleSource.claimName());
              if (roles != null) {
                draft.roles = List.copyOf(roles(roles));
              }
            }
            return draft.build();
          }
        case USER_DETAILS:
          {
            SecretValue accessToken = accessToken(state, draft, now);
            if (accessToken == null) {
              return null;
            }
            Resolved r = fromUserDetails(state.subject, client.userDetails(accessToken));
            apply(draft, r.person());
            draft.logoutUrl = r.logoutUrl();
            return draft.build();
          }
        case USER_JSON:
        default:
          {
            SecretValue accessToken = accessToken(state, draft, now);
            if (accessToken == null) {
              return null;
            }
            Resolved r = fromUserJson(state.subject, client.userJson(accessToken));
            if (r == null) {
              log.info("Host says {} is suspended; ending the session", state.uid);
              return null;
            }
            apply(draft, r.person());
            return draft.build();
          }
      }
    } catch (ProviderRejectedException e) {
      log.info("Role refresh for {} refused ({}); ending the session", state.uid, e.errorCode());
      return null;
    } catch (ProviderUnavailableException e) {
      log.warn("Role refresh for {} failed ({}); keeping the old roles", state.uid, e.errorCode());
      return draft.build(); // keeps any tokens a refresh already rotated
    } catch (IllegalStateException e) {
      log.warn("Role refresh for {} impossible: {}", state.uid, e.getMessage());
      return draft.build();
    } catch (SubjectChanged e) {
      log.warn("Refreshed ID token names another subject; ending the session");
      return null;
    }
  }

  /** The access token to call the host with, refreshed first when it has (nearly) expired. */
  private @Nullable SecretValue accessToken(
      SessionState state, SessionState.Draft draft, Instant now) {
    SecretValue refreshToken = state.refreshTokenValue();
    Instant expiresAt = state.accessTokenExpiresAt;
    if (refreshToken != null
        && (expiresAt == null || !now.isBefore(expiresAt.minus(EXPIRY_MARGIN)))) {
      Tokens tokens = client.refresh(refreshToken);
      VerifiedIdToken idToken = tokens.idToken().orElse(null);
      if (idToken != null && !idToken.subject().equals(state.subject)) {
        throw new SubjectChanged();
      }
      draft.tokens(tokens);
      return tokens.accessToken();
    }
    return state.accessTokenValue();
  }

  private static void apply(SessionState.Draft draft, SignonPrincipal person) {
    draft.uid = person.uid();
    draft.name = person.name();
    draft.email = person.email().orElse(draft.email);
    draft.roles = List.copyOf(person.roles());
    draft.organisation = person.organisation().orElse(null);
  }

  /** The API client or person a valid bearer token acts for. */
  SignonPrincipal fromAccessToken(VerifiedAccessToken token) {
    UserDetails details = token.userDetails().orElse(null);
    if (details != null) {
      return fromUserDetails(token.subject().orElse(details.id()), details).person();
    }
    Map<String, Object> claims = token.claims();
    String subject = token.subject().or(token::clientId).orElse("anonymous");
    if (subject.isBlank()) {
      subject = "anonymous";
    }
    Set<String> roles = new LinkedHashSet<>(roles(claims.get("permissions")));
    roles.addAll(roles(claims.get(roleSource.claimName())));
    SignonPrincipal.Builder b =
        SignonPrincipal.builder(subject).name(nameClaim(claims)).roles(roles);
    String email = string(claims, "email");
    if (email != null && !email.isBlank()) {
      b.email(email);
    }
    return b.build();
  }

  /** A roles claim: a JSON array of strings, or one space-separated string. */
  static Set<String> roles(@Nullable Object claim) {
    Set<String> roles = new LinkedHashSet<>();
    if (claim instanceof String s) {
      roles.addAll(Arrays.asList(s.trim().split("\\s+")));
    } else if (claim instanceof Iterable<?> list) {
      for (Object item : list) {
        if (item instanceof String s) {
          roles.add(s.trim());
        }
      }
    }
    roles.removeIf(String::isEmpty);
    return roles;
  }

  private static String nameClaim(Map<String, Object> claims) {
    String name = string(claims, "name");
    if (name != null) {
      return name;
    }
    List<String> parts = new ArrayList<>();
    for (String claim : List.of("given_name", "family_name")) {
      String part = string(claims, claim);
      if (part != null && !part.isBlank()) {
        parts.add(part);
      }
    }
    return String.join(" ", parts);
  }

  private static @Nullable String string(Map<String, Object> claims, String name) {
    return claims.get(name) instanceof String s ? s : null;
  }

  /** A refreshed ID token named another person. */
  private static final class SubjectChanged extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SubjectChanged() {
      super("refreshed ID token names another subject", null, false, false);
    }
  }
}
