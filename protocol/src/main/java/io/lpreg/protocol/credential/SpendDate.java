package io.lpreg.protocol.credential;

import java.time.LocalDate;
import java.time.Year;
import java.time.temporal.JulianFields;

import static java.util.Objects.requireNonNull;

/**
 * A credential's spend date as Nym's {@code time::Date} holds it: year and day of year, proleptic
 * Gregorian, years −9999…9999 (the {@code time} crate without {@code large-dates}). bincode carries it
 * as {@code (i32 year, u16 ordinal)} (docs/wire-v1.md §9.2); {@code to_bytes} as a Julian day number.
 */
public record SpendDate(int year, int ordinalDay) {
    public static final int MIN_YEAR = -9999;
    public static final int MAX_YEAR = 9999;

    private static final long MIN_JULIAN_DAY = julianDayOf(LocalDate.of(MIN_YEAR, 1, 1));
    private static final long MAX_JULIAN_DAY = julianDayOf(LocalDate.of(MAX_YEAR, 12, 31));

    public SpendDate {
        if (!isValid(year, ordinalDay)) {
            throw new IllegalArgumentException("no such date: year " + year + ", day " + ordinalDay);
        }
    }

    public static SpendDate of(LocalDate date) {
        requireNonNull(date, "date is null");
        return new SpendDate(date.getYear(), date.getDayOfYear());
    }

    /** The date of a Julian day number (day 0 = −4713-11-24 Gregorian, as {@code Date::from_julian_day}). */
    public static SpendDate fromJulianDay(long julianDay) {
        if (!isValidJulianDay(julianDay)) {
            throw new IllegalArgumentException("Julian day " + julianDay + " is outside years -9999..9999");
        }
        return of(LocalDate.EPOCH.with(JulianFields.JULIAN_DAY, julianDay));
    }

    public LocalDate toLocalDate() {
        return LocalDate.ofYearDay(year, ordinalDay);
    }

    /** The Julian day number, as Nym's {@code Date::to_julian_day} (2024-12-11 → 2460656). */
    public int julianDay() {
        return (int) julianDayOf(toLocalDate());
    }

    static boolean isValid(int year, int ordinalDay) {
        return year >= MIN_YEAR && year <= MAX_YEAR
                && ordinalDay >= 1 && ordinalDay <= (Year.isLeap(year) ? 366 : 365);
    }

    static boolean isValidJulianDay(long julianDay) {
        return julianDay >= MIN_JULIAN_DAY && julianDay <= MAX_JULIAN_DAY;
    }

    private static long julianDayOf(LocalDate date) {
        return date.getLong(JulianFields.JULIAN_DAY);
    }
}
