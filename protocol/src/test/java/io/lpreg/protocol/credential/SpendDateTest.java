package io.lpreg.protocol.credential;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpendDateTest {

    @Test
    void julianDay2460656Is2024December11() {
        SpendDate date = SpendDate.fromJulianDay(2460656);

        assertThat(date.toLocalDate()).isEqualTo(LocalDate.of(2024, 12, 11));
        assertThat(date).isEqualTo(new SpendDate(2024, 346));
        assertThat(SpendDate.of(LocalDate.of(2024, 12, 11)).julianDay()).isEqualTo(2460656);
    }

    @Test
    void day315Of2025IsNovember11() {
        assertThat(new SpendDate(2025, 315).toLocalDate()).isEqualTo(LocalDate.of(2025, 11, 11));
    }

    @Test
    void rangeIsTheTimeCratesWithoutLargeDates() {
        assertThat(SpendDate.fromJulianDay(-1_930_999)).isEqualTo(new SpendDate(-9999, 1));
        assertThat(SpendDate.fromJulianDay(5_373_484)).isEqualTo(new SpendDate(9999, 365));
        assertThatThrownBy(() -> SpendDate.fromJulianDay(-1_931_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SpendDate.fromJulianDay(5_373_485)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SpendDate.of(LocalDate.of(10_000, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ordinalDayMustExistInItsYear() {
        assertThat(new SpendDate(2024, 366).toLocalDate()).isEqualTo(LocalDate.of(2024, 12, 31));
        assertThatThrownBy(() -> new SpendDate(2025, 366)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpendDate(2025, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
