/**
 * The relying side of the Spring Boot starter: a {@link dev.signon.client.SignonClient} from {@code
 * signon.client.*} properties, and in a servlet web app a {@link dev.signon.servlet.SignonFilter}
 * from {@code signon.filter.*}, registered with a {@code FilterRegistrationBean}. It activates when
 * {@code signon.client.client-id} is set; see {@link
 * dev.signon.spring.client.SignonClientAutoConfiguration}.
 */
@NullMarked
package dev.signon.spring.client;

import org.jspecify.annotations.NullMarked;
