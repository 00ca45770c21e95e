package io.lpreg.zknym;

/** Bytes or JSON that are not a well-formed zk-nym value (credential, key, signature, wallet). */
public final class MalformedZkNymException extends Exception {
    public MalformedZkNymException(String message) {
        super(message);
    }
}
