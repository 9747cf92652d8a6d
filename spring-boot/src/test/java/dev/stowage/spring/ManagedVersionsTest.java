package dev.stowage.spring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;

import java.io.InputStream;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's BOM, imported by the starter, must not change the versions of what the other
 * modules use and the parent pins: the jars on this module's class path are the parent's versions.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ManagedVersionsTest {

    @Test
    void the_parent_pins_win_over_spring_boots_bom() throws Exception {
        Properties pinned = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/parent-versions.properties")) {
            pinned.load(in);
        }
        assertThat(jarVersion(ObjectMapper.class)).isEqualTo(pinned.getProperty("jackson"));
        assertThat(jarVersion(RedisClient.class)).isEqualTo(pinned.getProperty("lettuce"));
        assertThat(jarVersion(MeterRegistry.class)).isEqualTo(pinned.getProperty("micrometer"));
        assertThat(jarVersion(HikariDataSource.class)).isEqualTo(pinned.getProperty("hikaricp"));
        assertThat(jarVersion(Driver.class)).isEqualTo(pinned.getProperty("postgresql"));
    }

    /**
     * @return the version in the jar's file name ({@code lettuce-core-6.8.2.RELEASE.jar}), as Maven laid it out
     */
    private static String jarVersion(Class<?> type) {
        String path = type.getProtectionDomain().getCodeSource().getLocation().getPath();
        String version = path.substring(0, path.lastIndexOf('/'));
        return version.substring(version.lastIndexOf('/') + 1);
    }
}
