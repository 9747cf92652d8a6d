/**
 * Encryption at rest of third-party credential secrets (the access and refresh token of a
 * {@link dev.stowage.token.Credential}): AES-GCM from the JDK with a random 96-bit nonce per
 * value, a keyring whose key id is stored with each value, the (tenant, subject, provider) bound
 * as associated data, and a re-encryption job that moves every value to the active key.
 * {@link dev.stowage.encryption.EncryptingBackend} applies it once, over any backend.
 */
package dev.stowage.encryption;
