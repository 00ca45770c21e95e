package io.lpreg.plugin.storage.postgres;

import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatientDataSourceTest {
    private static final Connection CONNECTION = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class}, (proxy, method, args) -> null);

    @Test
    void afterTheStartAnUnreachableServerIsTriedAgainUntilItAnswers() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        PatientDataSource source = new PatientDataSource(failing(attempts, 4, "08001"), "test", Duration.ofMillis(250));
        source.opened();

        assertThat(source.getConnection()).isSameAs(CONNECTION);
        assertThat(attempts).hasValue(5);
    }

    @Test
    void beforeTheStartItGivesUpAfterItsPatienceWithTheDriversReason() {
        AtomicInteger attempts = new AtomicInteger();
        PatientDataSource source = new PatientDataSource(failing(attempts, Integer.MAX_VALUE, "08001"), "test", Duration.ofMillis(300));

        assertThatThrownBy(source::getConnection).isInstanceOf(SQLException.class).hasMessageMatching("attempt [0-9]+ failed");
        assertThat(attempts.get()).as("tried again within its patience, then gave up").isBetween(2, 3);
    }

    @Test
    void aFailureOtherThanAnUnreachableServerIsNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        PatientDataSource source = new PatientDataSource(failing(attempts, Integer.MAX_VALUE, "28P01"), "test", Duration.ofSeconds(5));
        source.opened();

        assertThatThrownBy(source::getConnection).hasMessage("attempt 1 failed");
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aClosedSourceGivesUpAtTheFirstFailure() {
        AtomicInteger attempts = new AtomicInteger();
        PatientDataSource source = new PatientDataSource(failing(attempts, Integer.MAX_VALUE, "08006"), "test", Duration.ofSeconds(5));
        source.opened();
        source.close();

        assertThatThrownBy(source::getConnection).hasMessage("attempt 1 failed");
        assertThat(attempts).hasValue(1);
    }

    /** Fails {@code failures} times with {@code state}, then connects. */
    private static DataSource failing(AtomicInteger attempts, int failures, String state) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("getConnection")) {
                        return null;
                    }
                    int attempt = attempts.incrementAndGet();
                    if (attempt <= failures) {
                        throw new SQLException("attempt " + attempt + " failed", state);
                    }
                    return CONNECTION;
                });
    }
}
