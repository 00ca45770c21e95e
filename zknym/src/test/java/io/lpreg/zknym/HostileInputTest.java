package io.lpreg.zknym;

import io.lpreg.spi.TicketType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Random damage to a valid credential is refused as malformed or by a check, never by any other exception. */
class HostileInputTest {
    @Test
    void mutatedCredentialsOnlyEverFailAsMalformedAndVerifyNeverThrows() {
        SecureRandom secure = new SecureRandom();
        IssuerKeys keys = ZkNymIssuer.keygen(1, 2, 3, secure);
        Ticketbook book = ZkNymIssuer.issue(List.of(keys.signer(1), keys.signer(2)), keys.verificationKey(), 1, TicketType.MIXNET_ENTRY,
                LocalDate.of(2026, 1, 7), secure);
        byte[] valid = book.spend(OwnIssuerSpendTest.payInfo(), LocalDate.of(2026, 1, 5), 0, secure).toBytes();
        SpendVerifier verifier = new SpendVerifier();
        Random random = new Random(20260516L);
        int decoded = 0;
        for (int i = 0; i < 400; i++) {
            byte[] mutated = mutate(valid, random);
            ZkNymSpend spend;
            try {
                spend = ZkNymSpend.fromBytes(mutated);
            } catch (MalformedZkNymException expected) {
                continue;
            }
            decoded++;
            assertThat(verifier.verify(keys.verificationKey(), spend)).isNotNull();
            if (!Arrays.equals(mutated, valid)) {
                assertThat(spend.toBytes()).isEqualTo(mutated);
            }
        }
        assertThat(decoded).isPositive();
    }

    @Test
    void verificationKeyBytesAndJsonRefuseDamage() {
        SecureRandom secure = new SecureRandom();
        byte[] key = ZkNymIssuer.keygen(1, 1, 1, 4, secure).verificationKey().toBytes();
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] mutated = mutate(key, random);
            try {
                VerificationKey.fromBytes(mutated);
            } catch (MalformedZkNymException expected) {
                // refused
            }
        }
        byte[] lying = key.clone();
        lying[96] = 5;
        assertThatThrownBy(() -> VerificationKey.fromBytes(lying)).isInstanceOf(MalformedZkNymException.class).hasMessageContaining("declares");
        assertThatThrownBy(() -> VerificationKey.fromJson("{\"alpha\":\"zz\"}")).isInstanceOf(MalformedZkNymException.class);
        assertThatThrownBy(() -> VerificationKey.fromJson("[")).isInstanceOf(MalformedZkNymException.class);
        assertThatThrownBy(() -> VerificationKey.fromMasterVerificationKeyJson("{}")).isInstanceOf(MalformedZkNymException.class);
    }

    @Test
    void hugeVectorLengthIsRefusedBeforeAllocating() {
        byte[] bytes = new byte[4 + 1 + 84];
        bytes[3] = 1;
        bytes[4] = (byte) 0xfd;
        assertThatThrownBy(() -> ZkNymSpend.fromBytes(bytes)).isInstanceOf(MalformedZkNymException.class);
    }

    @Test
    void walletFileIsPrivateAndAdvancesBeforeReturningACredential(@TempDir Path directory) throws Exception {
        SecureRandom secure = new SecureRandom();
        IssuerKeys keys = ZkNymIssuer.keygen(2, 2, 3, secure);
        IssuerKeyFiles.writeAll(directory, keys);
        IssuerKeyFiles.SignerFile one = IssuerKeyFiles.readSigner(directory.resolve("signer-1.json"));
        IssuerKeyFiles.SignerFile three = IssuerKeyFiles.readSigner(directory.resolve("signer-3.json"));
        VerificationKey vk = IssuerKeyFiles.readVerificationKey(directory.resolve("verification-key.json")).verificationKey();
        assertThat(one.signer()).isEqualTo(keys.signer(1));
        assertThat(vk).isEqualTo(keys.verificationKey());
        assertThat(Files.getPosixFilePermissions(directory.resolve("signer-1.json"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        Instant now = Instant.parse("2026-03-03T12:00:00Z");
        Ticketbook book = ZkNymIssuer.issue(List.of(one.signer(), three.signer()), vk, 2, TicketType.WIREGUARD_EXIT, LocalDate.of(2026, 3, 8), secure);
        Path file = directory.resolve("wallet.json");
        ZkNymWallet.create(file, book);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        byte[] provider = OwnIssuerSpendTest.filled(32, 9);
        byte[] first = ZkNymWallet.open(file).nextSpend(provider, now, secure);
        ZkNymWallet reopened = ZkNymWallet.open(file);
        assertThat(reopened.nextTicketIndex()).isEqualTo(1);
        byte[] second = reopened.nextSpend(provider, now, secure);
        ZkNymSpend a = ZkNymSpend.fromBytes(first);
        ZkNymSpend b = ZkNymSpend.fromBytes(second);
        SpendVerifier verifier = new SpendVerifier();
        assertThat(verifier.verify(vk, a)).isEqualTo(Verdict.OK);
        assertThat(verifier.verify(vk, b)).isEqualTo(Verdict.OK);
        assertThat(a.serialNumber()).isNotEqualTo(b.serialNumber());
        assertThat(a.payInfo().timestamp()).isEqualTo(now.getEpochSecond());
        assertThat(a.payInfo().providerKey()).isEqualTo(provider);
        assertThat(a.spendDate()).isEqualTo(LocalDate.of(2026, 3, 3));
        assertThat(ZkNymWallet.open(file).ticketbook()).isEqualTo(book);
        assertThatThrownBy(() -> reopened.nextSpend(provider, Instant.parse("2026-03-09T00:00:00Z"), secure)).isInstanceOf(IllegalStateException.class);
    }

    private static byte[] mutate(byte[] valid, Random random) {
        byte[] out = valid.clone();
        switch (random.nextInt(5)) {
            case 0 -> out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
            case 1 -> out = Arrays.copyOf(out, random.nextInt(out.length));
            case 2 -> {
                out = Arrays.copyOf(out, out.length + 1 + random.nextInt(8));
                out[3] += (byte) (out.length - valid.length);
            }
            case 3 -> out[random.nextInt(out.length)] = (byte) random.nextInt(256);
            default -> {
                int at = random.nextInt(out.length - 32);
                for (int k = 0; k < 32; k++) {
                    out[at + k] = (byte) random.nextInt(256);
                }
            }
        }
        return out;
    }
}
