package io.bakery.schemas.config;

/**
 * One OpenPGP secret key the pull may decrypt client files with. Several may be configured at once, so a client
 * can rotate keys with an overlap: a file is decrypted with whichever configured key it was encrypted to.
 *
 * @param path the secret key file (ASCII-armored or binary), readable by the gateway only
 * @param passphrase the key's passphrase, written as {@code ${ENV_VAR}}; null or empty for an unprotected key
 */
public record PgpKeyConfig(String path, String passphrase) {

    @Override
    public String toString() {
        return "PgpKeyConfig[" + path + (passphrase == null ? "" : ", passphrase=***") + "]";
    }
}
