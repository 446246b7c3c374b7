package dev.signon.migrate;

import dev.signon.core.account.UserCredentials;
import dev.signon.core.application.Application;
import dev.signon.core.application.ApplicationId;
import dev.signon.core.directory.UserId;
import dev.signon.core.error.InvalidInputException;
import dev.signon.core.error.SignonFailureException;
import dev.signon.core.signin.DeviseSha512;
import dev.signon.core.signin.TwoStep;
import dev.signon.core.store.StoreTransaction;
import dev.signon.core.token.ApplicationToken;
import dev.signon.core.token.ApplicationTokenId;
import dev.signon.core.token.KeyEncryptionKey;
import dev.signon.core.token.TokenHash;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * People's credentials, applications' client secrets and API users' tokens, as Signon has them,
 * checked before anything is written and then written after the directory: a password hash kept as
 * it is ({@link DeviseSha512}), earlier passwords for the reuse rule, the TOTP secret sealed with
 * the host's key, a lock and a 2SV exemption; a confidential client's secret as our hash; each
 * token as our hash with its expiry and any revocation. Nothing is kept in clear.
 *
 * <p>A person whose stored password is no longer Signon's has signed in here (and been rehashed) or
 * changed it here: a later run leaves their credentials alone.
 */
final class CredentialPlan {
  /** What one person brings. */
  private record Person(
      UserId uid,
      @Nullable String passwordHash,
      List<String> previous,
      @Nullable String totpBase32,
      @Nullable String totpSealed,
      @Nullable Instant lockedAt,
      @Nullable String exemption) {}

  private final List<Person> people = new ArrayList<>();
  private final DirectoryPlan directory;
  private final SignonRows.All rows;
  private final Instant now;
  private final Duration unexpiringTokens;
  private final Notes notes;

  private CredentialPlan(
      DirectoryPlan directory,
      SignonRows.All rows,
      Instant now,
      Duration unexpiringTokens,
      Notes notes) {
    this.directory = directory;
    this.rows = rows;
    this.now = now;
    this.unexpiringTokens = unexpiringTokens;
    this.notes = notes;
  }

  /** Reads what each migrated person brings, adding what is wrong to {@code problems}. */
  static CredentialPlan prepare(
      DirectoryPlan directory,
      SignonRows.All rows,
      int stretches,
      @Nullable RailsEncryption encryption,
      KeyEncryptionKey kek,
      SecureRandom random,
      Instant now,
      Duration unexpiringTokens,
      List<String> problems,
      Notes notes) {
    CredentialPlan plan = new CredentialPlan(directory, rows, now, unexpiringTokens, notes);
    Map<Long, List<SignonRows.OldPassword>> old = new HashMap<>();
    for (SignonRows.OldPassword o : rows.oldPasswords()) {
      old.computeIfAbsent(o.userId(), k -> new ArrayList<>()).add(o);
    }
    for (SignonRows.User u : rows.users()) {
      UserId uid = directory.users.get(u.id());
      if (uid == null || u.apiUser()) {
        continue;
      }
      String where = u.toString();
      String hash = null;
      String encrypted = u.encryptedPassword();
      if (encrypted != null && !encrypted.isEmpty()) {
        hash = devise(stretches, u.passwordSalt(), encrypted, where, problems);
      }
      List<String> previous = new ArrayList<>();
      List<SignonRows.OldPassword> mine = new ArrayList<>(old.getOrDefault(u.id(), List.of()));
      mine.sort(
          Comparator.comparing(
                  (SignonRows.OldPassword o) -> o.at() == null ? Instant.EPOCH : o.at())
              .thenComparingLong(SignonRows.OldPassword::id)
              .reversed());
      for (SignonRows.OldPassword o : mine) {
        String h =
            devise(stretches, o.salt(), o.encryptedPassword(), where + " old password", problems);
        if (h != null && !h.equals(hash)) {
          previous.add(h);
        }
      }
      String totp = totp(u.otpSecretKey(), encryption, where, problems);
      String sealed = null;
      if (totp != null) {
        try {
          sealed = TwoStep.sealSecret(kek, uid, totp, random);
        } catch (InvalidInputException e) {
          problems.add(where + ": otp_secret_key: " + e.getMessage());
          totp = null;
        }
      }
      plan.people.add(
          new Person(
              uid,
              hash,
              previous,
              totp,
              sealed,
              u.lockedAt(),
              blankToNull(u.reasonFor2svExemption())));
    }
    return plan;
  }

  private static @Nullable String devise(
      int stretches, @Nullable String salt, String encrypted, String where, List<String> problems) {
    if (salt == null) {
      problems.add(where + ": a password hash without a password_salt");
      return null;
    }
    try {
      return DeviseSha512.encoded(stretches, salt, encrypted.strip().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add(where + ": encrypted_password is not a Devise sha512 hash");
      return null;
    }
  }

  private static @Nullable String totp(
      @Nullable String stored,
      @Nullable RailsEncryption encryption,
      String where,
      List<String> problems) {
    if (stored == null || stored.isBlank()) {
      return null;
    }
    String secret = stored;
    if (RailsEncryption.isEncrypted(stored)) {
      if (encryption == null) {
        problems.add(
            where
                + ": otp_secret_key is encrypted; give Signon's Active Record encryption primary"
                + " key and key derivation salt");
        return null;
      }
      Optional<String> clear = encryption.decrypt(stored);
      if (clear.isEmpty()) {
        problems.add(where + ": otp_secret_key does not decrypt with the keys given");
        return null;
      }
      secret = clear.get();
    }
    return secret.replace(" ", "").replace("=", "").toUpperCase(Locale.ROOT);
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** Writes people's credentials; the directory import has written the people. */
  MigrationReport.Counts writeCredentials(StoreTransaction tx, KeyEncryptionKey kek) {
    int created = 0;
    int updated = 0;
    int unchanged = 0;
    for (Person p : people) {
      UserCredentials stored = tx.credentials().find(p.uid()).orElse(UserCredentials.none(p.uid()));
      String current = stored.passwordHash();
      if (current != null && !DeviseSha512.isEncoded(current)) {
        notes.add(
            "people who have signed in here since: their credentials were kept",
            p.uid().toString());
        unchanged++;
        continue;
      }
      UserCredentials.Copy next =
          stored
              .copy()
              .passwordHash(p.passwordHash())
              .previousPasswordHashes(p.previous())
              .lockedAt(p.lockedAt())
              .twoStepExemption(p.exemption());
      String totp = p.totpBase32();
      String sealed = stored.totpSecret();
      if (totp == null) {
        next.totpSecret(null);
      } else if (sealed == null || !totp.equals(opened(kek, p.uid(), sealed))) {
        next.totpSecret(p.totpSealed());
      }
      if (!Objects.equals(next.build().totpSecret(), sealed) && sealed != null) {
        next.twoStepVersion(stored.twoStepVersion() + 1);
      }
      UserCredentials written = next.build();
      if (written.equals(stored)) {
        unchanged++;
      } else {
        tx.credentials().save(written);
        if (current == null && sealed == null) {
          created++;
        } else {
          updated++;
        }
      }
    }
    return new MigrationReport.Counts(created, updated, unchanged);
  }

  private static @Nullable String opened(KeyEncryptionKey kek, UserId uid, String sealed) {
    try {
      return TwoStep.openSecret(kek, uid, sealed);
    } catch (SignonFailureException e) {
      return null;
    }
  }

  /** Sets each confidential application's secret to our hash of Signon's. */
  MigrationReport.Counts writeClientSecrets(StoreTransaction tx) {
    int created = 0;
    int updated = 0;
    int unchanged = 0;
    for (SignonRows.Application a : rows.applications()) {
      UUID id = directory.applicationIds.get(a.id());
      if (id == null || !a.confidential() || a.secret().isBlank()) {
        continue;
      }
      Application app = tx.applications().find(new ApplicationId(id)).orElse(null);
      if (app == null) {
        continue;
      }
      String hash = TokenHash.of(a.secret()).hex();
      if (hash.equals(app.clientSecretHash())) {
        unchanged++;
        continue;
      }
      if (app.clientSecretHash() == null) {
        created++;
      } else {
        updated++;
      }
      tx.applications().update(app.toBuilder().clientSecretHash(hash).build());
    }
    return new MigrationReport.Counts(created, updated, unchanged);
  }

  /** Stores each API user's token as our hash, with its expiry; a revoked one stays revoked. */
  MigrationReport.Counts writeTokens(StoreTransaction tx, List<String> problems) {
    int created = 0;
    int updated = 0;
    int unchanged = 0;
    for (SignonRows.AccessToken t : rows.apiTokens()) {
      UserId owner = directory.users.get(t.resourceOwnerId());
      UUID app = directory.applicationIds.get(t.applicationId());
      if (owner == null || app == null) {
        problems.add(t + ": its API user or application did not come across");
        continue;
      }
      TokenHash hash = TokenHash.of(t.token());
      Optional<ApplicationToken> stored = tx.applicationTokens().findByHash(hash);
      if (stored.isPresent()) {
        Instant revoked = t.revokedAt();
        if (revoked != null && stored.get().revokedAt() == null) {
          tx.applicationTokens().revoke(stored.get().id(), revoked);
          updated++;
        } else {
          unchanged++;
        }
        continue;
      }
      Integer expiresIn = t.expiresIn();
      Instant expires;
      if (expiresIn == null) {
        notes.add(
            "API tokens that never expired in Signon, now expiring "
                + unexpiringTokens
                + " after the first migration",
            t.toString());
        expires = now.plus(unexpiringTokens);
      } else {
        expires = t.createdAt().plusSeconds(expiresIn);
      }
      tx.applicationTokens()
          .insert(
              new ApplicationToken(
                  new ApplicationTokenId(
                      DirectoryPlan.derived("access-token", Long.toString(t.id()))),
                  hash,
                  owner,
                  new ApplicationId(app),
                  t.createdAt(),
                  expires,
                  null,
                  t.revokedAt(),
                  null,
                  null));
      created++;
    }
    if (rows.peoplesAccessTokens() > 0) {
      notes.add(
          "people's OAuth access tokens not brought: relying apps sign people in again",
          rows.peoplesAccessTokens() + " tokens");
    }
    return new MigrationReport.Counts(created, updated, unchanged);
  }
}
