package dev.signon.spring.server;

import dev.signon.core.rotation.SecretSink;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * The sinks named by {@code signon.server.secret-sinks.<name>.type}: {@code aws-secrets-manager}
 * and {@code aws-ssm}, made only when {@code signon-sink-aws} is on the class path. Their settings
 * sit beside the built-in {@code directory} and {@code webhook}, so they are found by the {@code
 * type} key and bound one by one.
 */
final class TypedSecretSinks {
  static final String PREFIX = "signon.server.secret-sinks";
  static final String AWS_SECRETS_MANAGER = "aws-secrets-manager";
  static final String AWS_SSM = "aws-ssm";
  private static final String AWS_CLASS = "dev.signon.sink.aws.SecretsManagerSink";

  private TypedSecretSinks() {}

  /** The settings of one typed sink. */
  public static class Typed {
    /** {@code aws-secrets-manager} or {@code aws-ssm}. */
    private @Nullable String type;

    /** The AWS region (default: the SDK's region chain, such as {@code AWS_REGION}). */
    private @Nullable String region;

    /** Another endpoint, such as a VPC endpoint (default: the service's own). */
    private @Nullable URI endpoint;

    /** Put before each target: a secret's name prefix, or a parameter path. */
    private String namePrefix = "";

    /** For aws-ssm: the KMS key that encrypts the parameters (default: the account's SSM key). */
    private @Nullable String kmsKeyId;

    public @Nullable String getType() {
      return type;
    }

    public void setType(@Nullable String type) {
      this.type = type;
    }

    public @Nullable String getRegion() {
      return region;
    }

    public void setRegion(@Nullable String region) {
      this.region = region;
    }

    public @Nullable URI getEndpoint() {
      return endpoint;
    }

    public void setEndpoint(@Nullable URI endpoint) {
      this.endpoint = endpoint;
    }

    public String getNamePrefix() {
      return namePrefix;
    }

    public void setNamePrefix(String namePrefix) {
      this.namePrefix = namePrefix;
    }

    public @Nullable String getKmsKeyId() {
      return kmsKeyId;
    }

    public void setKmsKeyId(@Nullable String kmsKeyId) {
      this.kmsKeyId = kmsKeyId;
    }
  }

  /**
   * The typed sinks the environment configures, by name.
   *
   * @throws IllegalArgumentException naming a sink whose type is unknown, whose module is missing
   *     or whose settings are refused
   */
  static Map<String, SecretSink> fromEnvironment(Environment env) {
    ConfigurationPropertyName root = ConfigurationPropertyName.of(PREFIX);
    Set<String> names = new TreeSet<>();
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(env)) {
      if (source instanceof IterableConfigurationPropertySource iterable) {
        iterable.stream()
            .filter(
                n ->
                    root.isAncestorOf(n)
                        && n.getNumberOfElements() == root.getNumberOfElements() + 2
                        && n.getLastElement(Form.UNIFORM).equals("type"))
            .forEach(n -> names.add(n.getElement(root.getNumberOfElements(), Form.DASHED)));
      }
    }
    Binder binder = Binder.get(env);
    Map<String, SecretSink> out = new LinkedHashMap<>();
    for (String name : names) {
      if (name.equals(SignonSecretSinksProperties.DIRECTORY)
          || name.equals(SignonSecretSinksProperties.WEBHOOK)) {
        throw new IllegalArgumentException(name + " is a built-in sink and takes no type");
      }
      Typed t = binder.bind(root.append(name), Bindable.of(Typed.class)).orElseGet(Typed::new);
      out.put(name, create(name, t));
    }
    return out;
  }

  private static SecretSink create(String name, Typed t) {
    String type = t.getType() == null ? "" : t.getType().strip().toLowerCase(Locale.ROOT);
    if (!type.equals(AWS_SECRETS_MANAGER) && !type.equals(AWS_SSM)) {
      throw new IllegalArgumentException(
          name + ".type must be " + AWS_SECRETS_MANAGER + " or " + AWS_SSM + ": " + t.getType());
    }
    if (!ClassUtils.isPresent(AWS_CLASS, TypedSecretSinks.class.getClassLoader())) {
      throw new IllegalArgumentException(
          name + ".type=" + type + " needs dev.signon:signon-sink-aws on the class path");
    }
    try {
      return AwsSinks.create(type, t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }
}
