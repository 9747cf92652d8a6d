package dev.stowage.migration.source.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A SQLite file shaped like the analytics bot's, written by the test: epoch-millisecond dates in
 * INTEGER columns, {@code "false"} in an INTEGER column, {@code datetime('now')} defaults, REALs,
 * BLOBs and NULLs, a table keyed by a TEXT primary key and one by rowid only.
 */
public final class AnalyticsDatabase {

    /** Ada's {@code created_at}, epoch milliseconds. */
    public static final long CREATED_ADA = 1627303906122L;

    private AnalyticsDatabase() {
    }

    /** Writes the database with that many events. */
    public static Path create(Path file, int events) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement ddl = db.createStatement()) {
            ddl.executeUpdate("""
                    CREATE TABLE users (
                        user_id    TEXT PRIMARY KEY,
                        email      TEXT NOT NULL,
                        created_at INTEGER,
                        is_active  INTEGER,
                        balance    REAL,
                        avatar     BLOB,
                        joined     TEXT DEFAULT (datetime('now')),
                        note       TEXT
                    )""");
            ddl.executeUpdate("CREATE TABLE events (user_id TEXT, kind TEXT, at INTEGER, amount NUMERIC)");
            ddl.executeUpdate("INSERT INTO users (user_id, email, created_at, is_active, balance, avatar, note) VALUES "
                    + "('u-ada', 'ada@example.com', " + CREATED_ADA + ", 1, 12.5, x'010203', NULL)");
            ddl.executeUpdate("INSERT INTO users (user_id, email, created_at, is_active, balance) VALUES "
                    + "('u-bob', 'bob@example.com', '2021-07-26', 'false', 0.1)");
            ddl.executeUpdate("INSERT INTO users (user_id, email, created_at, is_active, balance) VALUES "
                    + "('u-inf', 'inf@example.com', 1, 0, 9e999)");
            ddl.executeUpdate("INSERT INTO users (user_id, email, is_active, balance) VALUES "
                    + "('u-cyd', 'cyd@example.com', '0', '3.10')");
            db.setAutoCommit(false);
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO events VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < events; i++) {
                    insert.setString(1, "u-" + (i % 7));
                    insert.setString(2, i % 2 == 0 ? "open" : "click");
                    insert.setLong(3, CREATED_ADA + i);
                    insert.setString(4, i + ".50");
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            db.commit();
            ddl.executeUpdate("DELETE FROM events WHERE rowid % 10 = 3"); // Gaps in the rowids.
            db.commit();
        }
        return file;
    }
}
