package io.lpreg.plugin.storage.sqlite;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatementsTest {
    private Connection connection;
    private Statements statements;

    @BeforeEach
    void open() throws Exception {
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl("jdbc:sqlite::memory:");
        connection = dataSource.getConnection();
        statements = new Statements(connection);
        statements.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, data BLOB)");
    }

    @AfterEach
    void close() throws Exception {
        statements.close();
        connection.close();
    }

    @Test
    void eachStatementIsPreparedOnceAndRunsAgainWithNewParameters() throws Exception {
        for (int i = 1; i <= 3; i++) {
            statements.update("INSERT INTO t (id, name, data) VALUES (?, ?, ?)", (long) i, "n" + i, new byte[] {(byte) i});
        }
        assertThat(statements.first("SELECT name FROM t WHERE id = ?", row -> row.getString(1), 2L)).contains("n2");
        assertThat(statements.first("SELECT name FROM t WHERE id = ?", row -> row.getString(1), 3L)).contains("n3");
        assertThat(statements.first("SELECT name FROM t WHERE id = ?", row -> row.getString(1), 9L)).isEmpty();

        assertThat(statements.preparedCount()).isEqualTo(3); // CREATE, INSERT, SELECT
    }

    @Test
    void aParameterBoundToNullOnOneRunIsNotLeftOverForTheNext() throws Exception {
        statements.update("INSERT INTO t (id, name, data) VALUES (?, ?, ?)", 1L, null, null);
        statements.update("INSERT INTO t (id, name, data) VALUES (?, ?, ?)", 2L, "two", new byte[] {2});

        List<String> names = new ArrayList<>();
        statements.each("SELECT coalesce(name, '-') FROM t ORDER BY id", row -> names.add(row.getString(1)));
        assertThat(names).containsExactly("-", "two");
        byte[] data = statements.one("SELECT data FROM t WHERE id = ?", row -> row.getBytes(1), 2L);
        assertThat(data).containsExactly(2);
    }

    @Test
    void closingFinalizesEveryPreparedStatement() throws Exception {
        statements.first("SELECT name FROM t WHERE id = ?", row -> row.getString(1), 1L);

        statements.close();

        assertThat(statements.preparedCount()).isZero();
    }
}
