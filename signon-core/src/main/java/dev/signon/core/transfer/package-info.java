/**
 * Export and import of the whole directory as one JSON document ({@code "signon_directory": 2}):
 * organisations, teams, users, API users, applications and grants, each under its stable id. It
 * seeds development and test hosts and syncs production into staging. The entry point is {@link
 * dev.signon.core.transfer.DirectoryTransfer}; the format is described in {@code
 * docs/DIRECTORY-FORMAT.md}.
 */
@NullMarked
package dev.signon.core.transfer;

import org.jspecify.annotations.NullMarked;
