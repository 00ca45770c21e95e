package io.lpreg.zknym;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.Year;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Nym's {@code CredentialSpendingData}: a {@link Payment}, the pay_info it was made for, the spend date and the
 * epoch of the key that signed the ticketbook. Three encodings (docs/zknym.md §2.1): {@link #toBytes()} (Nym's
 * {@code to_bytes}, 1245 bytes for one ticket), {@link #toLpBincode()} (inside LP registration) and
 * {@link #toNymApiJson()} (the body nym-api's verify-ecash-ticket expects).
 */
public record ZkNymSpend(Payment payment, PayInfo payInfo, LocalDate spendDate, long epochId) {
    /** {@code to_julian_day()} of 1970-01-01. */
    static final long UNIX_EPOCH_JULIAN_DAY = 2_440_588L;
    /** The {@code time} crate's date range (years ±9999). */
    private static final LocalDate MIN_DATE = LocalDate.of(-9999, 1, 1);
    private static final LocalDate MAX_DATE = LocalDate.of(9999, 12, 31);
    private static final int TRAILER = PayInfo.SIZE + 4 + 8;

    public ZkNymSpend {
        requireNonNull(payment, "payment is null");
        requireNonNull(payInfo, "payInfo is null");
        requireNonNull(spendDate, "spendDate is null");
        if (spendDate.isBefore(MIN_DATE) || spendDate.isAfter(MAX_DATE)) {
            throw new IllegalArgumentException("spend date outside years -9999..9999");
        }
    }

    /** {@code u32_be(len) ‖ bincode(payment) ‖ pay_info[72] ‖ i32_be(julian day) ‖ u64_be(epoch)} (§2.4). */
    public static ZkNymSpend fromBytes(byte[] bytes) throws MalformedZkNymException {
        requireNonNull(bytes, "bytes is null");
        if (bytes.length < 4 + TRAILER) {
            throw new MalformedZkNymException("credential: " + bytes.length + " bytes is too short");
        }
        long paymentLength = ByteBuffer.wrap(bytes, 0, 4).getInt() & 0xffffffffL;
        if (bytes.length - 4 != paymentLength + TRAILER) {
            throw new MalformedZkNymException("credential: payment length " + paymentLength + " does not match the " + bytes.length + " bytes");
        }
        int paymentLen = (int) paymentLength;
        Bincode.Reader in = new Bincode.Reader(bytes, 4, paymentLen);
        Payment payment = Payment.read(in);
        in.expectEnd("payment");
        ByteBuffer trailer = ByteBuffer.wrap(bytes, 4 + paymentLen, TRAILER);
        byte[] payInfo = new byte[PayInfo.SIZE];
        trailer.get(payInfo);
        long julian = trailer.getInt();
        long epoch = trailer.getLong();
        return new ZkNymSpend(payment, PayInfo.fromBytes(payInfo), dateOfJulianDay(julian), epoch);
    }

    public byte[] toBytes() {
        byte[] paymentBytes = payment.toBytes();
        return ByteBuffer.allocate(4 + paymentBytes.length + TRAILER)
                .putInt(paymentBytes.length)
                .put(paymentBytes)
                .put(payInfo.view())
                .putInt(Math.toIntExact(julianDay()))
                .putLong(epochId)
                .array();
    }

    /** The LP registration form: bincode of the whole struct, the date as {@code (year, ordinal)} (§2.3). */
    public static ZkNymSpend fromLpBincode(byte[] bytes) throws MalformedZkNymException {
        requireNonNull(bytes, "bytes is null");
        Bincode.Reader in = new Bincode.Reader(bytes, 0, bytes.length);
        ZkNymSpend spend = readLp(in);
        in.expectEnd("credential");
        return spend;
    }

    static ZkNymSpend readLp(Bincode.Reader in) throws MalformedZkNymException {
        Payment payment = Payment.read(in);
        PayInfo payInfo = PayInfo.fromBytes(in.byteString(PayInfo.SIZE, "pay_info"));
        long zigzag = in.varint("spend_date.year");
        if (Long.compareUnsigned(zigzag, 0xffffffffL) > 0) {
            throw new MalformedZkNymException("spend_date.year: not an i32");
        }
        long year = (zigzag >>> 1) ^ -(zigzag & 1);
        long ordinal = in.varint("spend_date.ordinal");
        if (year < -9999 || year > 9999 || ordinal < 1 || ordinal > Year.of((int) year).length()) {
            throw new MalformedZkNymException("spend_date: (" + year + ", " + Long.toUnsignedString(ordinal) + ") is not a date");
        }
        LocalDate date = LocalDate.ofYearDay((int) year, (int) ordinal);
        long epoch = in.varint("epoch_id");
        return new ZkNymSpend(payment, payInfo, date, epoch);
    }

    public byte[] toLpBincode() {
        Bincode.Writer out = new Bincode.Writer();
        writeLp(out);
        return out.toByteArray();
    }

    void writeLp(Bincode.Writer out) {
        payment.write(out);
        out.byteString(payInfo.view());
        long year = spendDate.getYear();
        out.varint((year << 1) ^ (year >> 63));
        out.varint(spendDate.getDayOfYear());
        out.varint(epochId);
    }

    public long julianDay() {
        return spendDate.toEpochDay() + UNIX_EPOCH_JULIAN_DAY;
    }

    /** Nym's {@code ecash_unix_timestamp()}: midnight UTC of the spend date. */
    public long spendDateUnix() {
        return spendDate.toEpochDay() * EcashParameters.SECONDS_PER_DAY;
    }

    public byte[] serialNumber() {
        return payment.encodedSerialNumber();
    }

    private static LocalDate dateOfJulianDay(long julian) throws MalformedZkNymException {
        long epochDay = julian - UNIX_EPOCH_JULIAN_DAY;
        if (epochDay < MIN_DATE.toEpochDay() || epochDay > MAX_DATE.toEpochDay()) {
            throw new MalformedZkNymException("spend_date: julian day " + julian + " is outside years -9999..9999");
        }
        return LocalDate.ofEpochDay(epochDay);
    }

    /**
     * {@code CredentialSpendingData} as serde_json writes it for nym-api (§2.5): points and scalars lowercase
     * hex, signatures {@code {"h","s"}}, pay_info an array of 72 numbers, the date {@code [year, ordinal]}.
     */
    public ObjectNode toNymApiJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode p = root.putObject("payment");
        p.put("kappa", payment.kappa().hex());
        p.put("kappa_e", payment.kappaE().hex());
        p.set("sig", signatureJson(payment.sig()));
        p.set("sig_exp", signatureJson(payment.sigExp()));
        ArrayNode kappaK = p.putArray("kappa_k");
        payment.kappaK().forEach(k -> kappaK.add(k.hex()));
        ArrayNode omega = p.putArray("omega");
        payment.omega().forEach(o -> omega.add(signatureJson(o)));
        g1Array(p.putArray("ss"), payment.ss());
        g1Array(p.putArray("tt"), payment.tt());
        g1Array(p.putArray("aa"), payment.aa());
        p.put("spend_value", new BigInteger(Long.toUnsignedString(payment.spendValue())));
        p.put("cc", payment.cc().hex());
        p.put("t_type", payment.tType());
        SpendProof proof = payment.zkProof();
        ObjectNode z = p.putObject("zk_proof");
        z.put("challenge", scalarHex(proof.challenge()));
        z.put("response_r", scalarHex(proof.responseR()));
        z.put("response_r_e", scalarHex(proof.responseRE()));
        scalarArray(z.putArray("responses_r_k"), proof.responsesRK());
        scalarArray(z.putArray("responses_l"), proof.responsesL());
        scalarArray(z.putArray("responses_o_a"), proof.responsesOA());
        z.put("response_o_c", scalarHex(proof.responseOC()));
        scalarArray(z.putArray("responses_mu"), proof.responsesMu());
        scalarArray(z.putArray("responses_o_mu"), proof.responsesOMu());
        scalarArray(z.putArray("responses_attributes"), proof.responsesAttributes());
        ArrayNode payInfoArray = root.putArray("pay_info");
        for (byte b : payInfo.view()) {
            payInfoArray.add(b & 0xff);
        }
        root.putArray("spend_date").add(spendDate.getYear()).add(spendDate.getDayOfYear());
        root.put("epoch_id", new BigInteger(Long.toUnsignedString(epochId)));
        return root;
    }

    /** nym-api's {@code VerifyEcashTicketBody}: {@code {"credential":…,"gateway_cosmos_addr":"n1…"}}. */
    public ObjectNode toVerifyTicketBody(String gatewayCosmosAddress) {
        requireNonNull(gatewayCosmosAddress, "gatewayCosmosAddress is null");
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("credential", toNymApiJson());
        body.put("gateway_cosmos_addr", gatewayCosmosAddress);
        return body;
    }

    private static ObjectNode signatureJson(Signature signature) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("h", signature.h().hex());
        node.put("s", signature.s().hex());
        return node;
    }

    private static void g1Array(ArrayNode array, List<G1Element> points) {
        points.forEach(point -> array.add(point.hex()));
    }

    private static void scalarArray(ArrayNode array, List<BigInteger> scalars) {
        scalars.forEach(s -> array.add(scalarHex(s)));
    }

    static String scalarHex(BigInteger scalar) {
        return java.util.HexFormat.of().formatHex(Bls.scalarToLe(scalar));
    }
}
