package dev.stowage.spring.switching;

import dev.stowage.StowageConfig;
import dev.stowage.spring.SpringStowageConfig;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The condition of {@link ConditionalOnMovingStore}, read from the properties as the starter reads
 * them ({@link SpringStowageConfig}), so it agrees with what {@code Stowage.open} opens.
 */
final class MovingStoreCondition extends SpringBootCondition {

    /** The stage sources a {@code StageController} can drive (mutable ones). */
    private static final Set<String> CONTROLLED_FLAGS = Set.of("programmatic", "shared");

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnMovingStore.class.getName());
        String store = (String) attributes.get("value");
        boolean controlled = (Boolean) attributes.get("controlled");
        StowageConfig config = SpringStowageConfig.from(context.getEnvironment());
        String prefix = "stowage." + store + ".migration.";
        if (config.get(prefix + "to").isEmpty()) {
            return ConditionOutcome.noMatch(prefix + "to is not set: " + store + " does not move");
        }
        String flag = config.getString(prefix + "flag", "static").toLowerCase(Locale.ROOT);
        if (controlled && !CONTROLLED_FLAGS.contains(flag)) {
            return ConditionOutcome.noMatch(prefix + "flag is " + flag + ": the stage is not changed from code");
        }
        return ConditionOutcome.match(store + " moves (" + prefix + "flag=" + flag + ")");
    }
}
