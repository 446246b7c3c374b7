/**
 * Who may use which application with which roles (grants and effective permissions), and who may
 * administer whom (the admin policy).
 */
@NullMarked
package dev.signon.core.access;

import org.jspecify.annotations.NullMarked;
