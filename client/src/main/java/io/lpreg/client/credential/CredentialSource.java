package io.lpreg.client.credential;

import io.lpreg.protocol.registration.RequestCredential;

import java.io.IOException;

/**
 * Where the client's payment comes from: the mock (tests and local networks), a {@code bls-ticket-v1}
 * wallet, or bytes the caller supplies.
 */
public interface CredentialSource {
    /**
     * A credential for this request. Wire v1 carries only zk-nyms; wire v2 carries any scheme. A source of
     * single-use credentials records the use before it returns: once the request is sent, the credential
     * may be spent whatever happens next.
     */
    RequestCredential credential(CredentialRequest request) throws IOException;

    /** The caller's own bytes: a zk-nym for v1, or an envelope of any scheme for v2. */
    static CredentialSource supplied(RequestCredential credential) {
        return request -> credential;
    }
}
