package io.herald.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Direct JDBC access to the test database, to check what the service stored. */
final class Database {

    private Database() {
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(ItEnvironment.JDBC_URL, ItEnvironment.DB_USER, ItEnvironment.DB_PASSWORD);
    }

    static long count(String sql, Object... params) {
        return countIn(ItEnvironment.JDBC_URL, sql, params);
    }

    /** A count in another database of the same server (the test cluster's). */
    static long countIn(String jdbcUrl, String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, ItEnvironment.DB_USER, ItEnvironment.DB_PASSWORD);
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rows of a query, one line each with its columns joined by " | ", for failure messages. */
    static String rowsIn(String jdbcUrl, String sql, Object... params) {
        StringBuilder out = new StringBuilder();
        try (Connection c = DriverManager.getConnection(jdbcUrl, ItEnvironment.DB_USER, ItEnvironment.DB_PASSWORD);
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= columns; i++) {
                        out.append(i > 1 ? " | " : "").append(rs.getString(i));
                    }
                    out.append('\n');
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    static void execute(String... statements) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
