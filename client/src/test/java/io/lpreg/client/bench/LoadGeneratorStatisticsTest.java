package io.lpreg.client.bench;

import io.lpreg.client.RegistrationResult;
import io.lpreg.client.Step;
import io.lpreg.client.Timings;
import io.lpreg.protocol.noise.KeyPair;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** What {@code lpreg bench} reports from a run's results: nearest-rank percentiles, counts, rate, errors. */
class LoadGeneratorStatisticsTest {
    private static final KeyPair KEYS = KeyPair.generate(new SecureRandom());

    private static Timings timings(long connectMs, long handshakeMs, long registrationMs) {
        return new Timings(Optional.of(Duration.ofMillis(connectMs)), Optional.of(Duration.ofMillis(handshakeMs)),
                Optional.of(Duration.ofMillis(registrationMs)), 1);
    }

    private static RegistrationResult registered(long connectMs, long handshakeMs, long registrationMs) {
        return new RegistrationResult.Registered(Optional.empty(), 1024, KEYS, timings(connectMs, handshakeMs, registrationMs));
    }

    @Test
    void percentilesAreNearestRankOverTheSortedSamples() {
        List<Double> samples = new ArrayList<>(IntStream.rangeClosed(1, 100).mapToObj(i -> (double) i).toList());
        Collections.shuffle(samples, new java.util.Random(11));

        assertThat(LoadGenerator.Latency.of(samples)).isEqualTo(new LoadGenerator.Latency(100, 50, 90, 99, 100));
    }

    @Test
    void aFewSamplesRoundTheRankUp() {
        // ranks ceil(q·n): p50 of 3 is the 2nd, p90 and p99 the 3rd
        assertThat(LoadGenerator.Latency.of(List.of(5.0, 1.0, 3.0))).isEqualTo(new LoadGenerator.Latency(3, 3, 5, 5, 5));
        assertThat(LoadGenerator.Latency.of(List.of(7.5))).isEqualTo(new LoadGenerator.Latency(1, 7.5, 7.5, 7.5, 7.5));
        assertThat(LoadGenerator.Latency.of(List.of(1.0, 2.0))).isEqualTo(new LoadGenerator.Latency(2, 1, 2, 2, 2));
    }

    @Test
    void noSamplesIsAllZero() {
        assertThat(LoadGenerator.Latency.of(List.of())).isEqualTo(new LoadGenerator.Latency(0, 0, 0, 0, 0));
    }

    @Test
    void aReportCountsOutcomesTimesOnlyRegistrationsAndGroupsErrors() {
        List<RegistrationResult> results = List.of(
                registered(1, 10, 100),
                registered(2, 20, 200),
                registered(3, 30, 300),
                new RegistrationResult.Refused("Credential verification failed: credential already spent", timings(9, 9, 9)),
                new RegistrationResult.Failed(Step.HANDSHAKE, "gateway is busy", timings(50, 50, 50)),
                new RegistrationResult.Failed(Step.HANDSHAKE, "gateway is busy",
                        new Timings(Optional.of(Duration.ofMillis(1)), Optional.empty(), Optional.empty(), 2)));

        LoadGenerator.BenchReport report = LoadGenerator.BenchReport.of(results, Duration.ofMillis(1_500), 4);

        assertThat(report.registrations()).isEqualTo(6);
        assertThat(report.registered()).isEqualTo(3);
        assertThat(report.refused()).isEqualTo(1);
        assertThat(report.failed()).isEqualTo(2);
        assertThat(report.concurrency()).isEqualTo(4);
        assertThat(report.registrationsPerSecond()).as("registered ones per second of wall time").isEqualTo(2.0);
        assertThat(report.errors()).containsExactly(
                entry("handshake: gateway is busy", 2),
                entry("refused: Credential verification failed: credential already spent", 1));
        assertThat(report.latencies()).containsOnlyKeys("connect", "handshake", "registration", "total");
        assertThat(report.latencies().get("connect")).isEqualTo(new LoadGenerator.Latency(3, 2, 3, 3, 3));
        assertThat(report.latencies().get("handshake")).isEqualTo(new LoadGenerator.Latency(3, 20, 30, 30, 30));
        assertThat(report.latencies().get("registration")).isEqualTo(new LoadGenerator.Latency(3, 200, 300, 300, 300));
        assertThat(report.latencies().get("total")).as("connect + handshake + registration")
                .isEqualTo(new LoadGenerator.Latency(3, 222, 333, 333, 333));
    }

    @Test
    void aRunWithNothingRegisteredHasNoRateAndEmptyLatencies() {
        LoadGenerator.BenchReport report = LoadGenerator.BenchReport.of(
                List.of(new RegistrationResult.Failed(Step.CONNECT, "refused", timings(1, 1, 1))), Duration.ofSeconds(1), 1);

        assertThat(report.registrationsPerSecond()).isZero();
        assertThat(report.latencies().get("total").count()).isZero();
        assertThat(report.errors()).containsExactly(entry("connect: refused", 1));
    }
}
