/**
 * The people and structure every other part refers to: organisations (a graph in which a child may
 * have several parents), teams, users and API users.
 */
@NullMarked
package dev.signon.core.directory;

import org.jspecify.annotations.NullMarked;
