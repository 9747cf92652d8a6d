/** Contacts: the model, queries and the {@link dev.stowage.contact.ContactStore} SPI. */
package dev.stowage.contact;
