/**
 * Moving from GOV.UK Signon: reads Signon's database and writes a Signon for Java host's store,
 * with people's passwords, two-step verification, API users' tokens and applications' client
 * secrets still working. The entry point is {@link dev.signon.migrate.SignonMigration}; {@code java
 * -jar signon-migrate.jar} runs it from the command line ({@link dev.signon.migrate.Main}).
 */
@NullMarked
package dev.signon.migrate;

import org.jspecify.annotations.NullMarked;
