/**
 * A {@link dev.stowage.migration.source.RecordSource} over the tables of a SQLite file, through
 * the xerial JDBC driver (an optional dependency of this module), values by their storage class.
 */
package dev.stowage.migration.source.sqlite;
