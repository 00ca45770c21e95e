package io.lpreg.protocol.v3.registration;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.credential.CredentialCodec;
import io.lpreg.spi.TicketType;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Base64;

import static java.util.Objects.requireNonNull;

/**
 * The registration messages of wire v3 in Nym's LP bincode ({@code common/registration/src/lp_messages.rs}).
 * A request is {@code mode ‖ content ‖ timestamp}: an InitialRequest
 * {@code 00 00 2c <base64 WireGuard key, 44 chars> <psk 32> <varint timestamp>} is 84 bytes today.
 * Decoders are strict: unknown tags, over-long varints and trailing bytes are refused.
 */
public final class NymRegistrationCodec {
    private static final int DVPN = 0;
    private static final int MIXNET = 1;
    private static final int INITIAL_REQUEST = 0;
    private static final int FINALISATION = 1;
    private static final int ZK_NYM = 0;
    private static final int UPGRADE_MODE_JWT = 1;
    private static final int COMPLETED = 0;
    private static final int FAILED = 1;
    private static final int PENDING_MORE_DATA = 2;
    private static final int REQUIRES_CREDENTIAL = 0;
    private static final int COMPLETED_REGISTRATION = 1;
    private static final int REGISTRATION_FAILURE = 2;
    private static final int MIXNET_REGISTRATION_FAILURE = 1;
    private static final int BASE64_KEY_LENGTH = 44;
    private static final int MAX_TEXT = 4096;
    private static final int MAX_TOKEN = 16_384;

    private NymRegistrationCodec() {
    }

    public static byte[] encodeRequest(NymRegistrationRequest request) {
        requireNonNull(request, "request is null");
        LpBincode.Writer out = new LpBincode.Writer();
        switch (request) {
            case NymRegistrationRequest.InitialRequest initial -> out.varint(DVPN).varint(INITIAL_REQUEST)
                    .string(Base64.getEncoder().encodeToString(initial.wgPublicKey())).raw(initial.psk())
                    .varint(initial.timestamp());
            case NymRegistrationRequest.Finalisation finalisation -> {
                out.varint(DVPN).varint(FINALISATION);
                switch (finalisation.credential()) {
                    case NymRegistrationRequest.ZkNym zkNym -> out.varint(ZK_NYM).raw(CredentialCodec.encodeLpVarint(zkNym.credential()));
                    case NymRegistrationRequest.UpgradeModeJwt jwt -> out.varint(UPGRADE_MODE_JWT).string(jwt.token());
                }
                out.varint(finalisation.kind().index()).varint(finalisation.timestamp());
            }
            case NymRegistrationRequest.MixnetRequest mixnet ->
                    throw new IllegalArgumentException("mixnet requests are recognised, not written");
        }
        return out.toByteArray();
    }

    public static NymRegistrationRequest decodeRequest(byte[] bytes) throws LpProtocolException {
        requireNonNull(bytes, "bytes is null");
        LpBincode.Reader in = new LpBincode.Reader(bytes);
        if (in.variant("registration mode", 2) == MIXNET) {
            return new NymRegistrationRequest.MixnetRequest();
        }
        NymRegistrationRequest request = switch (in.variant("dVPN request", 2)) {
            case INITIAL_REQUEST -> {
                byte[] wgPublicKey = wireGuardKey(in.string("wg_public_key", BASE64_KEY_LENGTH));
                byte[] psk = in.raw(32, "psk");
                yield new NymRegistrationRequest.InitialRequest(wgPublicKey, psk, in.varint("timestamp"));
            }
            default -> {
                NymRegistrationRequest.BandwidthCredential credential = switch (in.variant("bandwidth credential", 2)) {
                    case ZK_NYM -> {
                        CredentialCodec.LpVarintDecoded decoded = CredentialCodec.decodeLpVarint(in.input(), in.position());
                        in.skip(decoded.length());
                        yield new NymRegistrationRequest.ZkNym(decoded.credential());
                    }
                    default -> new NymRegistrationRequest.UpgradeModeJwt(in.string("upgrade mode token", MAX_TOKEN));
                };
                TicketType kind = TicketType.fromIndex(in.variant("ticket type", TicketType.values().length));
                yield new NymRegistrationRequest.Finalisation(credential, kind, in.varint("timestamp"));
            }
        };
        in.end("registration request");
        return request;
    }

    public static byte[] encodeResponse(NymRegistrationResponse response) {
        requireNonNull(response, "response is null");
        LpBincode.Writer out = new LpBincode.Writer();
        switch (response) {
            case NymRegistrationResponse.RequiresCredential pending -> out.varint(PENDING_MORE_DATA).varint(DVPN).varint(REQUIRES_CREDENTIAL);
            case NymRegistrationResponse.Completed completed -> {
                NymRegistrationResponse.WireGuardConfig config = completed.config();
                out.varint(COMPLETED).varint(DVPN).varint(COMPLETED_REGISTRATION)
                        .string(Base58.encode(config.gatewayPublicKey())).varint(config.port())
                        .raw(config.privateIpv4().getAddress()).raw(config.privateIpv6().getAddress())
                        .bool(completed.upgradeMode());
            }
            case NymRegistrationResponse.Failed failed -> out.varint(FAILED).varint(DVPN).varint(REGISTRATION_FAILURE).string(failed.error());
            case NymRegistrationResponse.MixnetFailed failed ->
                    out.varint(FAILED).varint(MIXNET).varint(MIXNET_REGISTRATION_FAILURE).string(failed.error());
        }
        return out.toByteArray();
    }

    /** The client's reading of an answer; status and content must agree as Nym's gateway pairs them. */
    public static NymRegistrationResponse decodeResponse(byte[] bytes) throws LpProtocolException {
        requireNonNull(bytes, "bytes is null");
        LpBincode.Reader in = new LpBincode.Reader(bytes);
        int status = in.variant("registration status", 3);
        int mode = in.variant("registration mode", 2);
        NymRegistrationResponse response;
        if (mode == MIXNET) {
            if (in.variant("mixnet response", 2) != MIXNET_REGISTRATION_FAILURE || status != FAILED) {
                throw new LpProtocolException(LpError.UNEXPECTED_MESSAGE, "mixnet registration answers are not read");
            }
            response = new NymRegistrationResponse.MixnetFailed(in.string("error", MAX_TEXT));
        } else {
            int content = in.variant("dVPN response", 3);
            response = switch (content) {
                case REQUIRES_CREDENTIAL -> new NymRegistrationResponse.RequiresCredential();
                case COMPLETED_REGISTRATION -> {
                    byte[] key = Base58.decode(in.string("gateway public key", 64), 32);
                    int port = in.u16("port");
                    Inet4Address ipv4 = (Inet4Address) address(in.raw(4, "private_ipv4"));
                    Inet6Address ipv6 = ipv6(in.raw(16, "private_ipv6"));
                    yield new NymRegistrationResponse.Completed(new NymRegistrationResponse.WireGuardConfig(key, port, ipv4, ipv6),
                            in.bool("upgrade_mode"));
                }
                default -> new NymRegistrationResponse.Failed(in.string("error", MAX_TEXT));
            };
            int expectedStatus = switch (content) {
                case REQUIRES_CREDENTIAL -> PENDING_MORE_DATA;
                case COMPLETED_REGISTRATION -> COMPLETED;
                default -> FAILED;
            };
            if (status != expectedStatus) {
                throw new LpProtocolException(LpError.MALFORMED, "registration status " + status + " with content " + content);
            }
        }
        in.end("registration response");
        return response;
    }

    /** Nym's {@code validate_timestamp(30)}: at most 30 s either side of {@code now}. */
    public static boolean timestampAcceptable(long timestamp, Instant now) {
        long difference = now.getEpochSecond() - timestamp;
        return Math.abs(difference) <= NymRegistrationResponse.TIMESTAMP_TOLERANCE_SECONDS && timestamp >= 0;
    }

    private static byte[] wireGuardKey(String base64) throws LpProtocolException {
        try {
            byte[] key = Base64.getDecoder().decode(base64);
            if (key.length != 32 || !Base64.getEncoder().encodeToString(key).equals(base64)) {
                throw new LpProtocolException(LpError.MALFORMED, "wg_public_key is not a canonical 32-byte Base64 key");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new LpProtocolException(LpError.MALFORMED, "wg_public_key is not Base64");
        }
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
        }
    }

    private static Inet6Address ipv6(byte[] raw) {
        try {
            return Inet6Address.getByAddress(null, raw, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 16-byte address is always valid", e);
        }
    }
}
