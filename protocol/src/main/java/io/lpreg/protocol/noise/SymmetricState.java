package io.lpreg.protocol.noise;

import io.lpreg.protocol.LpProtocolException;

import java.util.Arrays;

/**
 * The SymmetricState of Noise rev 34 §5.2. {@link #decryptAndHash} changes neither h nor the nonce when
 * the tag does not verify. Not thread-safe.
 */
final class SymmetricState {
    private static final byte[] EMPTY = new byte[0];

    private final HashFunction hash;
    private final CipherState cipher = new CipherState();
    private byte[] chainingKey;
    private byte[] handshakeHash;

    SymmetricState(NoiseProtocol protocol) {
        this.hash = new HashFunction(protocol.hashAlgorithm());
        byte[] name = protocol.nameBytes();
        handshakeHash = name.length <= HashAlgorithm.LENGTH
                ? Arrays.copyOf(name, HashAlgorithm.LENGTH)
                : hash.hash(name);
        chainingKey = handshakeHash.clone();
    }

    void mixKey(byte[] inputKeyMaterial) {
        byte[] nextChainingKey = new byte[HashAlgorithm.LENGTH];
        byte[] key = new byte[HashAlgorithm.LENGTH];
        hash.hkdf(chainingKey, inputKeyMaterial, nextChainingKey, key);
        chainingKey = nextChainingKey;
        cipher.initializeKey(key);
    }

    void mixHash(byte[] data) {
        handshakeHash = hash.hash(handshakeHash, data);
    }

    void mixKeyAndHash(byte[] inputKeyMaterial) {
        byte[] nextChainingKey = new byte[HashAlgorithm.LENGTH];
        byte[] tempHash = new byte[HashAlgorithm.LENGTH];
        byte[] key = new byte[HashAlgorithm.LENGTH];
        hash.hkdf(chainingKey, inputKeyMaterial, nextChainingKey, tempHash, key);
        chainingKey = nextChainingKey;
        mixHash(tempHash);
        cipher.initializeKey(key);
    }

    boolean hasKey() {
        return cipher.hasKey();
    }

    byte[] handshakeHash() {
        return handshakeHash.clone();
    }

    byte[] encryptAndHash(byte[] plaintext) throws LpProtocolException {
        byte[] ciphertext = cipher.encryptWithAd(handshakeHash, plaintext);
        mixHash(ciphertext);
        return ciphertext;
    }

    byte[] decryptAndHash(byte[] ciphertext) throws LpProtocolException {
        byte[] plaintext = cipher.decryptWithAd(handshakeHash, ciphertext);
        mixHash(ciphertext);
        return plaintext;
    }

    /** Split of §5.2: the initiator's sending CipherState first, the responder's second. */
    CipherState[] split() {
        byte[] first = new byte[HashAlgorithm.LENGTH];
        byte[] second = new byte[HashAlgorithm.LENGTH];
        hash.hkdf(chainingKey, EMPTY, first, second);
        CipherState initiatorToResponder = new CipherState();
        initiatorToResponder.initializeKey(first);
        CipherState responderToInitiator = new CipherState();
        responderToInitiator.initializeKey(second);
        return new CipherState[] {initiatorToResponder, responderToInitiator};
    }
}
