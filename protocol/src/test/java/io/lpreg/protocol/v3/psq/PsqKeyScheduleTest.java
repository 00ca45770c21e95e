package io.lpreg.protocol.v3.psq;

import com.fasterxml.jackson.databind.JsonNode;
import io.lpreg.protocol.v3.NymTranscript;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every value libcrux-psq computed inside Nym's transcript run, recomputed step by step. */
class PsqKeyScheduleTest {
    private static final HexFormat HEX = HexFormat.of();
    private static NymTranscript transcript;
    private static final Map<String, JsonNode> STEPS = new HashMap<>();

    @BeforeAll
    static void load() {
        transcript = NymTranscript.load();
        for (JsonNode step : transcript.node("psq_key_schedule", "steps")) {
            STEPS.put(step.path("name").asText().split(" ")[0], step);
        }
    }

    private static byte[] step(String name, String field) {
        return HEX.parseHex(STEPS.get(name).path(field).asText());
    }

    private static byte[] secret(String name) {
        return transcript.hex("psq_key_schedule", "secrets", name);
    }

    @Test
    void transcriptsChainFromTheSessionContext() {
        byte[] pubR = transcript.hex("keys", "gateway_x25519_lp_pk");
        byte[] epubI = transcript.hex("messages", "3_psq_msg1_client_to_gateway", "epub_I");
        byte[] tx0 = PsqKeySchedule.tx0(pubR, epubI);
        assertThat(tx0).isEqualTo(step("tx0", "digest_hex"));
        byte[] msg1 = transcript.message(3);
        byte[] pqEncapsulation = PsqKeySchedule.pqEncapsulation(transcript.hex("psq_key_schedule", "secrets", "mlkem", "ciphertext_hex"));
        byte[] tx1 = PsqKeySchedule.tx1(tx0, transcript.hex("keys", "client_x25519_lp_pk"), transcript.hex("keys", "gateway_mlkem768_ek"),
                pqEncapsulation);
        assertThat(tx1).isEqualTo(step("tx1", "digest_hex"));
        assertThat(PsqKeySchedule.tx2(tx1, Arrays.copyOf(transcript.message(4), 32))).isEqualTo(step("tx2", "digest_hex"));
        assertThat(msg1).hasSize(PsqMessages.MSG1_LENGTH);
    }

    @Test
    void handshakeKeysAreHkdfOfTheTappedInputs() {
        byte[] k0 = PsqKeySchedule.k0(secret("DH(epriv_I, pub_R)"), step("tx0", "digest_hex"));
        assertThat(k0).isEqualTo(step("K0", "key_hex"));
        byte[] k1 = PsqKeySchedule.k1(k0, secret("DH(priv_I, pub_R)"),
                transcript.hex("psq_key_schedule", "secrets", "mlkem", "shared_secret_hex"), step("tx1", "digest_hex"));
        assertThat(k1).isEqualTo(step("K1", "key_hex"));
        byte[] k2 = PsqKeySchedule.k2(k1, secret("DH(priv_I, epub_R)"), secret("DH(epriv_I, epub_R)"), step("tx2", "digest_hex"));
        assertThat(k2).isEqualTo(step("K2", "key_hex"));
    }

    @Test
    void sessionValuesDeriveFromTheSessionKey() {
        byte[] sessionKey = PsqKeySchedule.sessionKey(step("K2", "key_hex"), step("tx2", "digest_hex"));
        assertThat(sessionKey).isEqualTo(step("K_S", "key_hex"));
        assertThat(PsqKeySchedule.sessionId(sessionKey)).isEqualTo(step("session_id", "id_hex"));
        byte[] binder = PsqKeySchedule.pkBinder(sessionKey, transcript.hex("keys", "client_x25519_lp_pk"),
                transcript.hex("keys", "gateway_x25519_lp_pk"), transcript.hex("keys", "gateway_mlkem768_ek"));
        assertThat(binder).isEqualTo(step("pk_binder", "binder_hex"));
        assertThat(PsqKeySchedule.channelKey(sessionKey, true, binder, 0)).isEqualTo(step("K_i2r", "key_hex"));
        assertThat(PsqKeySchedule.channelKey(sessionKey, false, binder, 0)).isEqualTo(step("K_r2i", "key_hex"));
    }
}
