package io.lpreg.protocol.registration;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.bincode.BincodeReader;
import io.lpreg.protocol.bincode.BincodeWriter;
import io.lpreg.protocol.credential.CredentialCodec;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.TicketType;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Base64;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * bincode-1 encodings of the registration messages: v1 exactly as docs/wire-v1.md §9 and §10, v2 as docs/wire-v2.md.
 * Decoders refuse trailing bytes: no E2 peer sends any, and a strict decoder leaves nothing ambiguous.
 */
public final class RegistrationCodec {
    private static final int WG_KEY_BASE64_LENGTH = 44;
    public static final int MAX_ERROR_BYTES = 4096;

    private RegistrationCodec() {
    }

    public static byte[] encodeRequest(LpRegistrationRequest request, WireVersion version) {
        requireNonNull(request, "request is null");
        requireNonNull(version, "version is null");
        BincodeWriter out = new BincodeWriter(1600);
        out.string(Base64.getEncoder().encodeToString(request.wgPublicKey()));
        switch (version) {
            case V1 -> {
                if (!(request.credential() instanceof RequestCredential.ZkNym zkNym)) {
                    throw new IllegalArgumentException("wire v1 carries only a zk-nym credential, not "
                            + request.credential().scheme());
                }
                if (request.wgPresharedKey().isPresent() || request.wgKeyProof().isPresent()) {
                    throw new IllegalArgumentException("wire v1 cannot carry a WireGuard preshared key or key proof");
                }
                CredentialCodec.encodeBincode(zkNym.credential(), out);
            }
            case V2 -> out.string(request.credential().scheme()).bytes(request.credential().data());
        }
        out.variant(request.ticketType().index());
        writeMode(out, request.mode(), version);
        writeIp(out, request.clientIp());
        out.u64(request.timestamp());
        if (version == WireVersion.V2) {
            Optional<byte[]> psk = request.wgPresharedKey();
            out.option(psk.isPresent());
            psk.ifPresent(out::raw);
            // docs/wire-v2.md §2.1: an absent proof is written as nothing, so older v2 decoders still read it.
            request.wgKeyProof().ifPresent(proof -> out.option(true).raw(proof));
        }
        return out.toByteArray();
    }

    public static LpRegistrationRequest decodeRequest(byte[] bytes, WireVersion version) throws LpProtocolException {
        requireNonNull(bytes, "bytes is null");
        requireNonNull(version, "version is null");
        BincodeReader in = new BincodeReader(bytes);
        byte[] wgPublicKey = readWgKey(in);
        RequestCredential credential = switch (version) {
            case V1 -> new RequestCredential.ZkNym(CredentialCodec.decodeBincode(in));
            case V2 -> readEnvelope(in);
        };
        TicketType ticketType = TicketType.fromIndex(in.variant("TicketType", TicketType.values().length));
        RegistrationMode mode = readMode(in, version);
        InetAddress clientIp = readIp(in);
        long timestamp = in.u64();
        Optional<byte[]> psk = Optional.empty();
        Optional<byte[]> proof = Optional.empty();
        if (version == WireVersion.V2) {
            if (in.option()) {
                psk = Optional.of(in.raw("wg_preshared_key", LpRegistrationRequest.KEY_SIZE));
            }
            if (in.remaining() > 0) {
                // One spelling per request: an absent proof is no bytes, never an explicit None tag.
                if (!in.option()) {
                    throw new LpProtocolException(LpError.BAD_LENGTH, "registration request has 1 trailing byte");
                }
                proof = Optional.of(in.raw("wg_key_proof", WireGuardKeyProof.SIZE));
            }
        }
        requireEnd(in, "registration request");
        return new LpRegistrationRequest(wgPublicKey, credential, ticketType, mode, clientIp, timestamp, psk, proof);
    }

    public static byte[] encodeResponse(LpRegistrationResponse response) {
        requireNonNull(response, "response is null");
        BincodeWriter out = new BincodeWriter(96);
        out.bool(response.success());
        out.option(response.error().isPresent());
        response.error().ifPresent(out::string);
        out.option(response.gatewayData().isPresent());
        response.gatewayData().ifPresent(data -> {
            out.raw(data.publicKey());
            writeSocketAddress(out, data.endpoint());
            out.raw(data.privateIpv4().getAddress());
            out.raw(data.privateIpv6().getAddress());
        });
        out.i64(response.allocatedBandwidth());
        out.u32(response.sessionId());
        return out.toByteArray();
    }

    public static LpRegistrationResponse decodeResponse(byte[] bytes) throws LpProtocolException {
        requireNonNull(bytes, "bytes is null");
        BincodeReader in = new BincodeReader(bytes);
        boolean success = in.bool();
        Optional<String> error = in.option() ? Optional.of(in.string("error", MAX_ERROR_BYTES)) : Optional.empty();
        Optional<GatewayData> gatewayData = Optional.empty();
        if (in.option()) {
            byte[] publicKey = in.raw("gateway public_key", 32);
            InetSocketAddress endpoint = readSocketAddress(in);
            Inet4Address ipv4 = (Inet4Address) address(in.raw("private_ipv4", 4));
            Inet6Address ipv6 = ipv6(in.raw("private_ipv6", 16));
            gatewayData = Optional.of(new GatewayData(publicKey, endpoint, ipv4, ipv6));
        }
        long bandwidth = in.i64();
        int sessionId = in.u32();
        requireEnd(in, "registration response");
        return new LpRegistrationResponse(success, error, gatewayData, bandwidth, sessionId);
    }

    private static byte[] readWgKey(BincodeReader in) throws LpProtocolException {
        String base64 = in.string("wg_public_key", WG_KEY_BASE64_LENGTH);
        if (base64.length() != WG_KEY_BASE64_LENGTH) {
            throw new LpProtocolException(LpError.MALFORMED,
                    "wg_public_key must be 44 Base64 characters, got " + base64.length());
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new LpProtocolException(LpError.MALFORMED, "wg_public_key is not valid Base64");
        }
        // Only the canonical padded encoding of 32 bytes, so one key has one spelling.
        if (key.length != LpRegistrationRequest.KEY_SIZE || !Base64.getEncoder().encodeToString(key).equals(base64)) {
            throw new LpProtocolException(LpError.MALFORMED, "wg_public_key is not the Base64 of 32 bytes");
        }
        return key;
    }

    private static RequestCredential.Envelope readEnvelope(BincodeReader in) throws LpProtocolException {
        String scheme = in.string("credential scheme", RequestCredential.Envelope.MAX_SCHEME_BYTES);
        if (!RequestCredential.Envelope.isValidScheme(scheme)) {
            throw new LpProtocolException(LpError.MALFORMED, "invalid credential scheme name");
        }
        byte[] data = in.bytes("credential data", RequestCredential.Envelope.MAX_DATA);
        return new RequestCredential.Envelope(scheme, data);
    }

    private static void writeMode(BincodeWriter out, RegistrationMode mode, WireVersion version) {
        switch (mode) {
            case RegistrationMode.Dvpn dvpn -> out.variant(0);
            case RegistrationMode.Mixnet mixnet -> out.variant(1).raw(mixnet.clientId());
            case RegistrationMode.Custom custom -> {
                if (version == WireVersion.V1) {
                    throw new IllegalArgumentException("wire v1 has no custom registration modes");
                }
                out.variant(2).string(custom.name()).bytes(custom.parameters());
            }
        }
    }

    private static RegistrationMode readMode(BincodeReader in, WireVersion version) throws LpProtocolException {
        int variant = in.variant("RegistrationMode", version == WireVersion.V1 ? 2 : 3);
        return switch (variant) {
            case 0 -> new RegistrationMode.Dvpn();
            case 1 -> new RegistrationMode.Mixnet(in.raw("mixnet client_id", RegistrationMode.Mixnet.CLIENT_ID_SIZE));
            default -> {
                String name = in.string("mode name", RegistrationMode.Custom.MAX_NAME_BYTES);
                if (!RegistrationMode.Custom.isValidName(name)) {
                    throw new LpProtocolException(LpError.MALFORMED, "invalid custom mode name");
                }
                yield new RegistrationMode.Custom(name, in.bytes("mode parameters", RegistrationMode.Custom.MAX_PARAMETERS));
            }
        };
    }

    private static void writeIp(BincodeWriter out, InetAddress address) {
        out.variant(address instanceof Inet4Address ? 0 : 1).raw(address.getAddress());
    }

    private static InetAddress readIp(BincodeReader in) throws LpProtocolException {
        int variant = in.variant("IpAddr", 2);
        return variant == 0 ? address(in.raw("IPv4 address", 4)) : ipv6(in.raw("IPv6 address", 16));
    }

    private static void writeSocketAddress(BincodeWriter out, InetSocketAddress address) {
        writeIp(out, address.getAddress());
        out.u16(address.getPort());
    }

    private static InetSocketAddress readSocketAddress(BincodeReader in) throws LpProtocolException {
        InetAddress address = readIp(in);
        return new InetSocketAddress(address, in.u16());
    }

    private static InetAddress address(byte[] octets) {
        try {
            return InetAddress.getByAddress(octets);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 octets are always an address", e);
        }
    }

    // InetAddress.getByAddress turns an IPv4-mapped IPv6 address into an Inet4Address; the wire said V6.
    private static Inet6Address ipv6(byte[] octets) {
        try {
            return Inet6Address.getByAddress(null, octets, null);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 octets are always an IPv6 address", e);
        }
    }

    private static void requireEnd(BincodeReader in, String what) throws LpProtocolException {
        if (in.remaining() != 0) {
            throw new LpProtocolException(LpError.BAD_LENGTH, what + " has " + in.remaining() + " trailing bytes");
        }
    }

}
