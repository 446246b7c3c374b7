/** A store held in memory: the fake other tests use, and a quick start for one host instance. */
@NullMarked
package dev.signon.core.store.memory;

import org.jspecify.annotations.NullMarked;
