package io.lpreg.plugin.storage.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The prepared statements of one connection, each prepared once and reused: preparing (parsing and
 * compiling the SQL) cost more than running the few rows a registration touches. Not thread-safe; the
 * connection's owner guards it as it guards the connection.
 */
final class Statements implements AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    /** One row of a result set, read into a value. */
    @FunctionalInterface
    interface Row<R> {
        R read(ResultSet row) throws SQLException;
    }

    /** What to do with each row. */
    @FunctionalInterface
    interface RowAction {
        void accept(ResultSet row) throws SQLException;
    }

    Statements(Connection connection) {
        this.connection = requireNonNull(connection, "connection is null");
    }

    /** Runs a statement that returns no rows; its count of changed rows. */
    int update(String sql, Object... values) throws SQLException {
        return bound(sql, values).executeUpdate();
    }

    /** The first row of a query, if any. */
    <R> Optional<R> first(String sql, Row<R> row, Object... values) throws SQLException {
        try (ResultSet rows = bound(sql, values).executeQuery()) {
            return rows.next() ? Optional.of(row.read(rows)) : Optional.empty();
        }
    }

    /** The single row a query always yields (an aggregate, {@code RETURNING}). */
    <R> R one(String sql, Row<R> row, Object... values) throws SQLException {
        return first(sql, row, values).orElseThrow(() -> new SQLException("no row from " + sql));
    }

    /** Reads every row of a query. */
    void each(String sql, RowAction action, Object... values) throws SQLException {
        try (ResultSet rows = bound(sql, values).executeQuery()) {
            while (rows.next()) {
                action.accept(rows);
            }
        }
    }

    /** Runs a statement without parameters, such as {@code BEGIN IMMEDIATE}. */
    void execute(String sql) throws SQLException {
        statement(sql).execute();
    }

    private PreparedStatement bound(String sql, Object... values) throws SQLException {
        PreparedStatement statement = statement(sql);
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
        return statement;
    }

    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement statement = prepared.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            prepared.put(sql, statement);
        }
        return statement;
    }

    /** How many statements this connection holds prepared. */
    int preparedCount() {
        return prepared.size();
    }

    @Override
    public void close() {
        for (PreparedStatement statement : prepared.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                // closing the connection next finalizes whatever is left
            }
        }
        prepared.clear();
    }
}
