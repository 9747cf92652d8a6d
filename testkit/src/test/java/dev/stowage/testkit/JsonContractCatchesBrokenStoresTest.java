package dev.stowage.testkit;

import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactStore;
import dev.stowage.credit.CreditStore;
import dev.stowage.credit.LedgerEntry;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.ContractsCatchBrokenStoresTest.Broken;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.stowage.testkit.ContractsCatchBrokenStoresTest.assertCaught;

/**
 * The JSON groups of the contracts are not vacuous: a backend that normalizes decimals on the way
 * back, as a lossy numeric column would, fails them. (Key order, the digit bound and the size
 * bound are enforced by the model's own constructors, which no backend can bypass.)
 */
class JsonContractCatchesBrokenStoresTest {

    /** {@code get} returns custom fields whose decimals lost their trailing zeros ({@code 1.500} as {@code 1.5}). */
    static class ContactDecimalsLoseTheirScale extends ContactStoreContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return Broken.contacts(clock, store -> Broken.replace(ContactStore.class, store, "get",
                    args -> store.get((UUID) args[0]).map(contact -> Contact.of(contact.id(),
                            contact.toDraft().toBuilder().customFields(stripped(contact.customFields())).build(),
                            contact.createdAt(), contact.updatedAt(), contact.version()))));
        }
    }

    /** {@code entries} returns metadata whose decimals lost their trailing zeros. */
    static class LedgerDecimalsLoseTheirScale extends CreditStoreContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return Broken.credits(clock, store -> Broken.replace(CreditStore.class, store, "entries",
                    args -> store.entries((String) args[0], (Long) args[1], (Integer) args[2]).stream()
                            .map(entry -> new LedgerEntry(entry.id(), entry.accountId(), entry.sequence(), entry.type(),
                                    entry.amount(), entry.balanceAfter(), entry.reason(), stripped(entry.metadata()),
                                    entry.idempotencyKey(), entry.createdAt()))
                            .toList()));
        }
    }

    @Test
    void contact_decimals_that_lose_their_scale_fail_the_json_tests() {
        assertCaught(ContactDecimalsLoseTheirScale.class, ContactStoreContract.CustomFieldsJson.class,
                "numbers_of_up_to_the_digit_bound_read_back_exactly_from_every_read");
    }

    @Test
    void ledger_decimals_that_lose_their_scale_fail_the_json_tests() {
        assertCaught(LedgerDecimalsLoseTheirScale.class, CreditStoreContract.MetadataJson.class,
                "numbers_of_up_to_the_digit_bound_read_back_exactly_from_every_read");
    }

    private static Map<String, Object> stripped(Map<String, Object> json) {
        Map<String, Object> copy = new LinkedHashMap<>();
        json.forEach((key, value) -> copy.put(key, strippedValue(value)));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Object strippedValue(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros();
        }
        if (value instanceof Map<?, ?> map) {
            return stripped((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(JsonContractCatchesBrokenStoresTest::strippedValue).toList();
        }
        return value;
    }
}
