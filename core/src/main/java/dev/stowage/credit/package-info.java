/** Credits kept as a ledger: the model and the {@link dev.stowage.credit.CreditStore} SPI. */
package dev.stowage.credit;
