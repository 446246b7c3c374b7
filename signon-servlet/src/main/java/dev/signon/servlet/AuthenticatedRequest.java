package dev.signon.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;

/** A request that answers the servlet API's security questions from a {@link SignonPrincipal}. */
final class AuthenticatedRequest extends HttpServletRequestWrapper {
  private final SignonPrincipal principal;
  private final String authType;

  AuthenticatedRequest(HttpServletRequest request, SignonPrincipal principal, String authType) {
    super(request);
    this.principal = principal;
    this.authType = authType;
  }

  @Override
  public Principal getUserPrincipal() {
    return principal;
  }

  @Override
  public String getRemoteUser() {
    return principal.getName();
  }

  @Override
  public boolean isUserInRole(String role) {
    return role != null && principal.hasRole(role);
  }

  @Override
  public String getAuthType() {
    return authType;
  }
}
