/** Credentials, refresh tokens and the access-token denylist: the {@link dev.stowage.token.TokenStore} SPI. */
package dev.stowage.token;
