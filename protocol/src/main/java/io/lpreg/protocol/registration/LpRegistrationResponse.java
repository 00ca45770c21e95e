package io.lpreg.protocol.registration;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The gateway's answer (docs/wire-v1.md §10.1), the same bytes in wire v1 and v2.
 *
 * @param sessionId a random u32 per response in E2, unrelated to lp_id
 */
public record LpRegistrationResponse(boolean success, Optional<String> error, Optional<GatewayData> gatewayData,
                                     long allocatedBandwidth, int sessionId) {
    public LpRegistrationResponse {
        requireNonNull(error, "error is null");
        requireNonNull(gatewayData, "gatewayData is null");
    }

    public static LpRegistrationResponse success(GatewayData gatewayData, long allocatedBandwidth, int sessionId) {
        return new LpRegistrationResponse(true, Optional.empty(), Optional.of(gatewayData), allocatedBandwidth, sessionId);
    }

    /** Mixnet mode succeeds without gateway data (the stock E2 client reads that as an error). */
    public static LpRegistrationResponse mixnetSuccess(long allocatedBandwidth, int sessionId) {
        return new LpRegistrationResponse(true, Optional.empty(), Optional.empty(), allocatedBandwidth, sessionId);
    }

    public static LpRegistrationResponse error(String message, int sessionId) {
        requireNonNull(message, "message is null");
        return new LpRegistrationResponse(false, Optional.of(message), Optional.empty(), 0, sessionId);
    }
}
