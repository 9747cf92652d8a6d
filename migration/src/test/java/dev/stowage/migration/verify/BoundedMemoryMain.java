package dev.stowage.migration.verify;

import dev.stowage.contact.Contact;
import dev.stowage.migration.StoreKind;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs in a child JVM with a small heap for {@link BoundedMemoryTest}. Mode {@code verify}
 * verifies two synthetic stores of {@code count} contacts (the target lacks the last one and
 * holds contact {@code count / 2} at version 2) and prints the report's JSON, then the peak heap
 * use. Mode {@code hold} keeps every contact of one store in a list, which must not fit.
 */
public final class BoundedMemoryMain {

    /** Printed before the report's JSON. */
    static final String REPORT = "--- report";
    /** Printed before the peak heap use in bytes (all pools' peaks, garbage included). */
    static final String PEAK_HEAP = "--- peak heap bytes ";
    /** Printed before the largest heap use right after a collection: what the run really holds. */
    static final String LIVE_HEAP = "--- max live heap bytes ";

    private static final AtomicLong MAX_LIVE = new AtomicLong();

    private BoundedMemoryMain() {
    }

    /**
     * @param args mode ({@code verify} or {@code hold}) and the number of contacts
     */
    public static void main(String[] args) {
        watchCollections();
        int count = Integer.parseInt(args[1]);
        SyntheticContacts source = new SyntheticContacts(count, n -> false, n -> false);
        SyntheticContacts target = new SyntheticContacts(count, n -> n == count - 1, n -> n == count / 2);
        if (args[0].equals("hold")) {
            List<Contact> all = new ArrayList<>();
            for (int n = 0; n < count; n++) {
                all.add(source.contact(n));
            }
            System.out.println("held " + all.size());
            return;
        }
        VerificationReport report = Verification.of(new ScanOnlyBackend("synthetic-source", source),
                new ScanOnlyBackend("synthetic-target", target)).stores(StoreKind.CONTACTS).run();
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println(REPORT);
        System.out.println(report.toJson());
        System.out.println(PEAK_HEAP + peak);
        System.out.println(LIVE_HEAP + MAX_LIVE.get());
    }

    /** Records the heap in use after every collection. */
    private static void watchCollections() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    GarbageCollectionNotificationInfo info =
                            GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                            .mapToLong(MemoryUsage::getUsed).sum();
                    MAX_LIVE.accumulateAndGet(used, Math::max);
                }
            }, null, null);
        }
    }
}
