package dev.stowage.spring.switching;

import org.springframework.context.annotation.Conditional;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Matches when the {@code stowage.*} properties move a store ({@code stowage.<store>.migration.to}
 * is set) and, with {@link #controlled()}, when its stage is changed from code
 * ({@code stowage.<store>.migration.flag} is {@code programmatic} or {@code shared}), which is
 * what a {@code StageController} needs.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(MovingStoreCondition.class)
public @interface ConditionalOnMovingStore {

    /**
     * @return the store: {@code contacts}, {@code credits} or {@code tokens}
     */
    String value();

    /**
     * @return whether the store's stage must also be changeable from code
     */
    boolean controlled() default false;
}
