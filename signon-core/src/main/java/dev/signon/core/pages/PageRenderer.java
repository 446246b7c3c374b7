package dev.signon.core.pages;

import java.util.Map;

/**
 * Turns the pages' view models into what a browser shows. The engine decides every page and passes
 * its name and model here; {@code signon-servlet} supplies an implementation over Mustache
 * templates and ZXing QR codes.
 *
 * <p>Templates: {@code sign-in}, {@code two-step}, {@code two-step-setup}, {@code password-change},
 * {@code forgot-password}, {@code magic-link}, {@code password-reset}, {@code invitation}, {@code
 * link}, {@code home}, {@code profile}, {@code application-token} and {@code message}. Every model
 * has {@code base} (the issuer's path) and {@code title}; page models also {@code csrf}, {@code
 * magicLinks}, {@code hasErrors} and, when set, {@code returnTo}. Values must be HTML-escaped when
 * rendered.
 *
 * <pre>{@code
 * PageRenderer renderer = new PageRenderer() {
 *   public String render(String template, Map<String, Object> model) { ... }
 *   public String qrCode(String text) { ... }
 *   public String asset(String name) { ... }
 * };
 * HostPages pages = server.pages(renderer);
 * }</pre>
 */
public interface PageRenderer {
  /** The HTML of the template {@code template} filled in with {@code model}. */
  String render(String template, Map<String, Object> model);

  /** A {@code data:} URI of an image showing {@code text} as a QR code (no script, no fetch). */
  String qrCode(String text);

  /** The text of a static asset, such as {@code style.css}. */
  String asset(String name);
}
