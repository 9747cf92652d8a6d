package dev.stowage.migration.checkpoint;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rule of a forced resume, shared by every checkpoint store so it exists once.
 */
public final class RunPlans {

    private RunPlans() {
    }

    /**
     * Reconciles a stored run with the plan of a changed configuration: the stored partitions of
     * every (kind, tenant) group the plan still has are kept as they are (same bounds, same
     * progress), the plan's partitions of new groups are added fresh, and stored groups the plan no
     * longer has are dropped.
     *
     * @param stored the stored partitions
     * @param plan   the partitions the new configuration would create
     * @return the partitions the run has afterwards, stored ones first in their order
     */
    public static List<PartitionState> reconcile(List<PartitionState> stored, List<PartitionSpec> plan) {
        Set<String> planned = new LinkedHashSet<>();
        plan.forEach(spec -> planned.add(spec.group()));
        Set<String> kept = new LinkedHashSet<>();
        List<PartitionState> result = new ArrayList<>();
        for (PartitionState state : stored) {
            if (planned.contains(state.spec().group())) {
                kept.add(state.spec().group());
                result.add(state);
            }
        }
        for (PartitionSpec spec : plan) {
            if (!kept.contains(spec.group())) {
                result.add(PartitionState.fresh(spec));
            }
        }
        return result;
    }
}
