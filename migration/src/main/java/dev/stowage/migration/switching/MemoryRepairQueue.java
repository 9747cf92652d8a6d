package dev.stowage.migration.switching;

import dev.stowage.migration.StoreKind;
import dev.stowage.support.Check;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A repair queue in this process's memory: lost with the process, so for tests and for stores
 * whose keys a fresh verification would find anyway. Thread-safe (one monitor).
 */
public final class MemoryRepairQueue implements RepairQueue {

    private final Set<RepairKey> keys = new LinkedHashSet<>();

    @Override
    public synchronized void add(RepairKey key) {
        keys.add(Check.required(key, "key"));
    }

    @Override
    public synchronized List<RepairKey> peek(StoreKind store, int limit) {
        Check.required(store, "store");
        Check.batchLimit(limit);
        List<RepairKey> out = new ArrayList<>();
        for (RepairKey key : keys) {
            if (out.size() == limit) {
                break;
            }
            if (belongs(key, store)) {
                out.add(key);
            }
        }
        return out;
    }

    @Override
    public synchronized void remove(RepairKey key) {
        keys.remove(Check.required(key, "key"));
    }

    @Override
    public synchronized long size(StoreKind store) {
        Check.required(store, "store");
        return keys.stream().filter(key -> belongs(key, store)).count();
    }

    static boolean belongs(RepairKey key, StoreKind store) {
        return key.store() == store;
    }

    @Override
    public String toString() {
        return "MemoryRepairQueue";
    }
}
