package dev.signon.spring.client;

import dev.signon.servlet.SignonPrincipal;
import dev.signon.servlet.SignonRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Hands Spring MVC controllers the person {@link dev.signon.servlet.SignonFilter} signed in: a
 * parameter of type {@link SignonPrincipal} (null when nobody is signed in, as on a permit-all
 * path) or {@code Optional<SignonPrincipal>}.
 *
 * <pre>{@code
 * @GetMapping("/")
 * String home(SignonPrincipal user, Model model) { ... }
 * }</pre>
 */
final class SignonPrincipalArgumentResolver implements HandlerMethodArgumentResolver {

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    if (parameter.getParameterType() == SignonPrincipal.class) {
      return true;
    }
    return parameter.getParameterType() == Optional.class
        && parameter.nested().getNestedParameterType() == SignonPrincipal.class;
  }

  @Override
  public @Nullable Object resolveArgument(
      MethodParameter parameter,
      @Nullable ModelAndViewContainer mavContainer,
      NativeWebRequest webRequest,
      @Nullable WebDataBinderFactory binderFactory) {
    HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
    Optional<SignonPrincipal> user =
        request == null ? Optional.empty() : SignonRequest.user(request);
    return parameter.getParameterType() == Optional.class ? user : user.orElse(null);
  }
}
