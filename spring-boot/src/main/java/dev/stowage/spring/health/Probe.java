package dev.stowage.spring.health;

import java.util.Map;

/**
 * The result of one health probe, before it is turned into a Spring Boot {@code Health}.
 *
 * @param up      whether the component works
 * @param details what an operator sees (never a secret: the library's messages carry none)
 */
public record Probe(boolean up, Map<String, Object> details) {

    /**
     * Copies the details.
     */
    public Probe {
        details = Map.copyOf(details);
    }
}
