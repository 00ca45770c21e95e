package io.lpreg.example.voucher;

import io.lpreg.testkit.plugin.MapPluginConfig;
import io.lpreg.testkit.plugin.CountingMetrics;
import io.lpreg.spi.Credential;
import io.lpreg.spi.TicketType;
import io.lpreg.spi.VerificationContext;
import io.lpreg.spi.VerificationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MintVoucherTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00.250Z");

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final MintVoucher tool = new MintVoucher(new PrintStream(output, true, StandardCharsets.UTF_8),
            Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom());

    @Test
    void printsANewSecretTheVerifierAccepts() throws Exception {
        tool.run(new String[] {"new-secret"});

        String secret = lines().getFirst();
        assertThat(secret).matches("[0-9a-f]{64}");
        new HmacVoucherVerifier(MapPluginConfig.of(Map.of("secret", secret)), new CountingMetrics());
    }

    @Test
    void mintsDistinctVouchersTheVerifierOfThatSecretAccepts(@TempDir Path dir) throws Exception {
        VoucherSecret secret = VoucherSecret.generate(new SecureRandom());
        Path secretFile = Files.writeString(dir.resolve("voucher.secret"), secret.hex() + "\n");
        HmacVoucherVerifier verifier = new HmacVoucherVerifier(MapPluginConfig.of(Map.of("secret", secret.hex())),
                new CountingMetrics());

        tool.run(new String[] {"mint", "--secret-file", secretFile.toString(), "--valid-for", "PT12H",
                "--bandwidth", "250000000", "--count", "3"});

        List<String> vouchers = lines();
        assertThat(vouchers).hasSize(3).doesNotHaveDuplicates();
        for (String voucher : vouchers) {
            VerificationResult result = verifier.verify(new Credential(Voucher.SCHEME, HexFormat.of().parseHex(voucher)),
                    new VerificationContext(TicketType.WIREGUARD_ENTRY, new byte[32], new byte[32], NOW));
            assertThat(result).isInstanceOf(VerificationResult.Accepted.class);
            assertThat(((VerificationResult.Accepted) result).bandwidthBytes()).isEqualTo(250_000_000L);
        }
        Voucher.Opened opened = Voucher.open(HexFormat.of().parseHex(vouchers.getFirst()), secret);
        assertThat(((Voucher.Opened.Valid) opened).voucher().expiry())
                .isEqualTo(Instant.parse("2025-06-02T00:00:00Z"));
    }

    @Test
    void mintsOneVoucherValidFor30DaysByDefault(@TempDir Path dir) throws Exception {
        VoucherSecret secret = VoucherSecret.generate(new SecureRandom());
        Path secretFile = Files.writeString(dir.resolve("voucher.secret"), secret.hex());

        tool.run(new String[] {"mint", "--secret-file", secretFile.toString()});

        Voucher voucher = ((Voucher.Opened.Valid) Voucher.open(HexFormat.of().parseHex(lines().getFirst()), secret))
                .voucher();
        assertThat(lines()).hasSize(1);
        assertThat(voucher.expiry()).isEqualTo(Instant.parse("2025-07-01T12:00:00Z"));
        assertThat(voucher.bandwidthBytes()).isZero();
    }

    @Test
    void refusesToMintWithoutASecretFile() {
        assertThatThrownBy(() -> tool.run(new String[] {"mint", "--count", "2"}))
                .isInstanceOf(MintVoucher.UsageException.class)
                .hasMessage("mint needs --secret-file");
    }

    @Test
    void namesAnOptionItCannotRead(@TempDir Path dir) throws Exception {
        Path secretFile = Files.writeString(dir.resolve("voucher.secret"), "00".repeat(32));

        assertThatThrownBy(() -> tool.run(new String[] {"mint", "--secret-file", secretFile.toString(),
                "--valid-for", "30d"}))
                .isInstanceOf(MintVoucher.UsageException.class)
                .hasMessage("--valid-for: cannot read 30d");
        assertThatThrownBy(() -> tool.run(new String[] {"mint", "--secret-file", secretFile.toString(),
                "--count", "0"}))
                .isInstanceOf(MintVoucher.UsageException.class)
                .hasMessage("count must be at least 1, got 0");
        assertThatThrownBy(() -> tool.run(new String[] {"mint", "--secret-file", secretFile.toString(),
                "--valid-for", "-PT1H"}))
                .isInstanceOf(MintVoucher.UsageException.class)
                .hasMessage("--valid-for must be positive, got PT-1H");
    }

    @Test
    void refusesAnUnknownCommand() {
        assertThatThrownBy(() -> tool.run(new String[] {"spend"}))
                .isInstanceOf(MintVoucher.UsageException.class)
                .hasMessage("unknown command spend");
    }

    private List<String> lines() {
        return output.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
