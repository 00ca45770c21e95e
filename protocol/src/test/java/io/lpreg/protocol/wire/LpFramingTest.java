package io.lpreg.protocol.wire;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LpFramingTest {
    @Test
    void lengthOf65536IsAcceptedAnd65537Refused() throws Exception {
        byte[] max = new byte[LpFraming.MAX_FRAME_LENGTH];
        assertThat(LpFraming.unframe(LpFraming.frame(max))).hasSize(65_536);
        assertThatThrownBy(() -> LpFraming.checkLength(65_537))
                .extracting(e -> ((LpProtocolException) e).error()).isEqualTo(LpError.BAD_LENGTH);
    }

    @Test
    void anOversizeLengthIsRefusedBeforeItsBodyArrives() {
        LpFraming.Decoder decoder = new LpFraming.Decoder();
        assertThatThrownBy(() -> decoder.feed(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}))
                .isInstanceOf(LpProtocolException.class)
                .hasMessageContaining("exceeds maximum");
    }

    @Test
    void framesSplitAcrossReadsAndPackedTogetherAreReassembled() throws Exception {
        byte[] a = LpFraming.frame(new byte[] {1, 2, 3});
        byte[] b = LpFraming.frame(new byte[] {4});
        byte[] stream = new byte[a.length + b.length];
        System.arraycopy(a, 0, stream, 0, a.length);
        System.arraycopy(b, 0, stream, a.length, b.length);
        LpFraming.Decoder decoder = new LpFraming.Decoder();
        assertThat(decoder.feed(stream, 0, 2)).isEmpty();
        assertThat(decoder.buffered()).isEqualTo(2);
        List<byte[]> rest = decoder.feed(stream, 2, stream.length - 2);
        assertThat(rest).containsExactly(new byte[] {1, 2, 3}, new byte[] {4});
        assertThat(decoder.buffered()).isZero();
    }

    @Test
    void aTruncatedFrameIsRefused() {
        byte[] frame = LpFraming.frame(new byte[40]);
        byte[] truncated = java.util.Arrays.copyOf(frame, frame.length - 1);
        assertThatThrownBy(() -> LpFraming.unframe(truncated))
                .hasMessageContaining("truncated")
                .extracting(e -> ((LpProtocolException) e).error()).isEqualTo(LpError.BAD_LENGTH);
    }

    @Test
    void packetsShorterThan34BytesAreRefused() {
        assertThatThrownBy(() -> LpPacket.decode(new byte[33]))
                .extracting(e -> ((LpProtocolException) e).error()).isEqualTo(LpError.BAD_LENGTH);
    }

    @Test
    void unknownMessageTypesAndVersionsAreRefused() {
        byte[] packet = new LpPacket(WireVersion.V1, 7, 1, MessageType.HANDSHAKE, new byte[3]).encode();
        packet[16] = 4;
        assertThatThrownBy(() -> LpPacket.decode(packet))
                .extracting(e -> ((LpProtocolException) e).error()).isEqualTo(LpError.UNKNOWN_MESSAGE_TYPE);
        byte[] v3 = new LpPacket(WireVersion.V1, 7, 1, MessageType.HANDSHAKE, new byte[3]).encode();
        v3[0] = 3;
        assertThatThrownBy(() -> LpPacket.decode(v3))
                .extracting(e -> ((LpProtocolException) e).error()).isEqualTo(LpError.UNSUPPORTED_VERSION);
    }

    @Test
    void aBusyPacketMustBeEmpty() throws Exception {
        byte[] busy = new LpPacket(WireVersion.V1, 0, 0, MessageType.BUSY, new byte[0]).encode();
        assertThat(LpPacket.decode(busy).type()).isEqualTo(MessageType.BUSY);
        byte[] notEmpty = new LpPacket(WireVersion.V1, 0, 0, MessageType.HANDSHAKE, new byte[1]).encode();
        notEmpty[16] = 0;
        assertThatThrownBy(() -> LpPacket.decode(notEmpty))
                .extracting(e -> ((LpProtocolException) e).error()).isEqualTo(LpError.BAD_LENGTH);
    }

    @Test
    void reservedBytesAndTrailerAreIgnoredOnReceipt() throws Exception {
        LpPacket original = new LpPacket(WireVersion.V2, 0x12345678, 9, MessageType.ENCRYPTED_DATA, new byte[] {5, 6});
        byte[] bytes = original.encode();
        bytes[1] = 1;
        bytes[bytes.length - 1] = 9;
        assertThat(LpPacket.decode(bytes)).isEqualTo(original);
    }

    @Test
    void anE1HelloOf65BytesIsRefusedWithALengthError() {
        assertThatThrownBy(() -> ClientHello.decode(new byte[65]))
                .extracting(e -> ((LpProtocolException) e).error()).isEqualTo(LpError.BAD_LENGTH);
    }
}
