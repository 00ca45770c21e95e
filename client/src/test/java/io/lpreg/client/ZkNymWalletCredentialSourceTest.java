package io.lpreg.client;

import io.lpreg.client.credential.CredentialRequest;
import io.lpreg.client.credential.ZkNymWalletCredentialSource;
import io.lpreg.protocol.credential.CredentialCodec;
import io.lpreg.protocol.registration.RequestCredential;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.TicketType;
import io.lpreg.zknym.IssuerKeys;
import io.lpreg.zknym.SpendVerifier;
import io.lpreg.zknym.Verdict;
import io.lpreg.zknym.ZkNymIssuer;
import io.lpreg.zknym.ZkNymSpend;
import io.lpreg.zknym.ZkNymWallet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZkNymWalletCredentialSourceTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final LocalDate TODAY = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
    private static final byte[] GATEWAY = new byte[32];
    private static final SecureRandom RANDOM = new SecureRandom();

    private static IssuerKeys keys;
    private static Path book;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void issueOneTicketbook() throws Exception {
        GATEWAY[0] = 9;
        keys = ZkNymIssuer.keygen(4, 2, 3, RANDOM);
        book = shared.resolve("book.wallet");
        ZkNymWallet.create(book, ZkNymIssuer.issue(keys.signers().subList(1, 3), keys.verificationKey(), 4,
                TicketType.MIXNET_ENTRY, TODAY.plusDays(2), RANDOM));
    }

    private ZkNymWalletCredentialSource freshWallet() throws Exception {
        Path copy = dir.resolve("wallet");
        Files.copy(book, copy);
        return ZkNymWalletCredentialSource.open(copy);
    }

    private static CredentialRequest request(WireVersion version, TicketType type, Optional<byte[]> identity) {
        return new CredentialRequest(type, version, identity, new byte[32], NOW);
    }

    @Test
    void wireV1CarriesTheNextTicketAsAZkNymForThisGatewayAtThisMomentThatVerifies() throws Exception {
        ZkNymWalletCredentialSource source = freshWallet();

        RequestCredential credential = source.credential(request(WireVersion.V1, TicketType.MIXNET_ENTRY, Optional.of(GATEWAY)));

        assertThat(credential).isInstanceOf(RequestCredential.ZkNym.class);
        ZkNymSpend spend = ZkNymSpend.fromBytes(credential.data());
        assertThat(spend.payInfo().providerKey()).isEqualTo(GATEWAY);
        assertThat(spend.payInfo().timestamp()).isEqualTo(NOW.getEpochSecond());
        assertThat(spend.spendDate()).isEqualTo(TODAY);
        assertThat(spend.epochId()).isEqualTo(4);
        assertThat(new SpendVerifier().verify(keys.verificationKey(), spend)).isEqualTo(Verdict.OK);
        assertThat(ZkNymWallet.open(dir.resolve("wallet")).nextTicketIndex()).as("recorded before it left").isEqualTo(1);
    }

    @Test
    void wireV2CarriesTheSameToBytesFormInANymZkNymEnvelope() throws Exception {
        ZkNymWalletCredentialSource source = freshWallet();

        RequestCredential credential = source.credential(request(WireVersion.V2, TicketType.MIXNET_ENTRY, Optional.of(GATEWAY)));

        assertThat(credential).isInstanceOf(RequestCredential.Envelope.class);
        assertThat(credential.scheme()).isEqualTo("nym-zknym");
        assertThat(CredentialCodec.toBytes(CredentialCodec.fromBytes(credential.data()))).isEqualTo(credential.data());
        assertThat(new SpendVerifier().verify(keys.verificationKey(), ZkNymSpend.fromBytes(credential.data()))).isEqualTo(Verdict.OK);
    }

    @Test
    void eachSpendTakesAnotherTicket() throws Exception {
        ZkNymWalletCredentialSource source = freshWallet();

        byte[] first = source.credential(request(WireVersion.V1, TicketType.MIXNET_ENTRY, Optional.of(GATEWAY))).data();
        byte[] second = source.credential(request(WireVersion.V1, TicketType.MIXNET_ENTRY, Optional.of(GATEWAY))).data();

        assertThat(ZkNymSpend.fromBytes(first).serialNumber()).isNotEqualTo(ZkNymSpend.fromBytes(second).serialNumber());
        assertThat(source.remaining()).isEqualTo(48);
    }

    @Test
    void onlyTheLpKeyAnotherTicketTypeAndASpentBookAreClearErrorsThatSpendNothing() throws Exception {
        ZkNymWalletCredentialSource source = freshWallet();

        assertThatThrownBy(() -> source.credential(request(WireVersion.V1, TicketType.MIXNET_ENTRY, Optional.empty())))
                .hasMessageContaining("identity key, not its LP key");
        assertThatThrownBy(() -> source.credential(request(WireVersion.V1, TicketType.WIREGUARD_ENTRY, Optional.of(GATEWAY))))
                .hasMessageEndingWith("holds mixnet-entry tickets, not wireguard-entry ones");
        assertThat(source.remaining()).isEqualTo(50);

        for (int i = 0; i < 50; i++) {
            source.credential(request(WireVersion.V2, TicketType.MIXNET_ENTRY, Optional.of(GATEWAY)));
        }
        assertThatThrownBy(() -> source.credential(request(WireVersion.V1, TicketType.MIXNET_ENTRY, Optional.of(GATEWAY))))
                .hasMessageStartingWith("no unspent ticket left in ");
    }

    @Test
    void aFileThatIsNoZkNymWalletIsAnIoErrorSayingSo() throws Exception {
        Path other = Files.writeString(dir.resolve("other"), "{\"format\":\"lpreg-ticket-wallet\"}");

        assertThatThrownBy(() -> ZkNymWalletCredentialSource.open(other)).hasMessageContaining("is not an lpreg-zknym-wallet");
    }
}
