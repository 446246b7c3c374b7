package dev.signon.core.transfer;

/**
 * A value read from the document, with the path it was read at, so that a later check can report a
 * problem in the right place.
 */
record Located<T>(String path, T value) {}
