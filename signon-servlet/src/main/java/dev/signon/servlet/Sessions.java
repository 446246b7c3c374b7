package dev.signon.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signed-in person's {@link SessionState} in the HTTP session: read (checked against the {@link
 * SessionRegistry}, updated by pushes, roles refreshed when due), stored at sign-in under a new
 * session id, and dropped at sign-out.
 */
final class Sessions {
  private static final Logger log = LoggerFactory.getLogger(Sessions.class);

  /** The session attribute holding the {@link SessionState}. */
  static final String STATE = SessionState.class.getName();

  private final SessionRegistry registry;
  private final Identities identities;
  private final Clock clock;
  private final Duration refreshInterval;
  private final Object[] locks = new Object[64];

  Sessions(SessionRegistry registry, Identities identities, Clock clock, Duration refreshInterval) {
    this.registry = registry;
    this.identities = identities;
    this.clock = clock;
    this.refreshInterval = refreshInterval;
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new Object();
    }
  }

  /** The state stored in the session, unchecked; null when nobody is signed in. */
  static @Nullable SessionState stored(@Nullable HttpSession session) {
    if (session == null) {
      return null;
    }
    try {
      return session.getAttribute(STATE) instanceof SessionState s ? s : null;
    } catch (IllegalStateException e) {
      return null; // invalidated meanwhile
    }
  }

  /**
   * The signed-in person for this request, or null. Ends the session when a logout or reauth push
   * named it, or when refreshing the roles was refused.
   */
  @Nullable SessionState current(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    SessionState state = stored(session);
    if (session == null || state == null) {
      return null;
    }
    if (registry.isEnded(state)) {
      log.debug("Session of {} was ended by the provider or a push", state.uid);
      invalidate(session);
      return null;
    }
    SessionRegistry.Update update = registry.pendingUpdate(state).orElse(null);
    if (update != null) {
      if (update.disabled()) {
        log.debug("Push says {} is suspended; ending the session", state.uid);
        invalidate(session);
        return null;
      }
      state = applied(state, update);
      store(session, state);
    }
    Instant now = clock.instant();
    if (state.source != SessionState.Source.FALLBACK && due(state, now)) {
      // One refresh per session at a time: a rotated refresh token used twice would be refused.
      synchronized (locks[Math.floorMod(state.key.hashCode(), locks.length)]) {
        SessionState latest = stored(session);
        if (latest == null) {
          return null;
        }
        state = latest;
        if (due(state, now)) {
          SessionState refreshed = identities.refresh(state, now);
          if (refreshed == null) {
            invalidate(session);
            return null;
          }
          state = refreshed;
          store(session, state);
        }
      }
    }
    return state;
  }

  private boolean due(SessionState state, Instant now) {
    return !now.isBefore(state.rolesCheckedAt.plus(refreshInterval));
  }

  private static SessionState applied(SessionState state, SessionRegistry.Update update) {
    SessionState.Draft draft = state.toDraft();
    draft.name = update.name();
    draft.email = update.email().isBlank() ? state.email : update.email();
    draft.roles = List.copyOf(update.roles());
    draft.organisation = update.organisation();
    draft.appliedUpdate = update.id();
    return draft.build();
  }

  /**
   * Signs a person in: a new session id (never the one the browser arrived with, against session
   * fixation), the state stored and indexed.
   */
  void signIn(HttpServletRequest request, SessionState state) {
    HttpSession existing = request.getSession(false);
    if (existing != null) {
      request.changeSessionId();
    }
    HttpSession session = request.getSession(true);
    store(session, state);
    registry.register(state);
  }

  /** Ends the session, answering who was signed in to it. */
  @Nullable SessionState end(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    SessionState state = stored(session);
    if (session != null) {
      invalidate(session);
    }
    return state;
  }

  private static void store(HttpSession session, SessionState state) {
    try {
      session.setAttribute(STATE, state);
    } catch (IllegalStateException e) {
      log.debug("Session invalidated while storing the sign-in state");
    }
  }

  private static void invalidate(HttpSession session) {
    try {
      session.invalidate();
    } catch (IllegalStateException e) {
      // already invalid
    }
  }
}
