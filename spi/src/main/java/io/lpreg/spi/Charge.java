package io.lpreg.spi;

import static java.util.Objects.requireNonNull;

/**
 * The result of charging the request's credential to a client.
 *
 * @param creditedBytes what this credential bought
 * @param balance the client's balance afterwards
 * @param retry true when this exact request had already spent the credential (a retry after a lost
 *              response): nothing was credited again
 */
public record Charge(long creditedBytes, Bandwidth balance, boolean retry) {
    public Charge {
        requireNonNull(balance, "balance is null");
    }
}
