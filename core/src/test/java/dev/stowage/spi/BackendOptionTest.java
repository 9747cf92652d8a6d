package dev.stowage.spi;

import dev.stowage.StowageConfig;
import dev.stowage.exception.StoreConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One option table serves configKeys() and open(): keys, typed values, defaults, errors. */
class BackendOptionTest {

    enum Mode { FAST, SAFE }

    /** A builder as a backend would have one. */
    static final class Settings {
        String name = "default";
        String password;
        int size = 1;
        boolean flag;
        Duration timeout = Duration.ofSeconds(5);
        Mode mode = Mode.SAFE;
    }

    static final List<BackendOption<Settings>> OPTIONS = List.of(
            BackendOption.required("url", "x://host", "where"),
            BackendOption.text("name", "default", "a name", (s, v) -> s.name = v),
            BackendOption.secret("password", "a password", (s, v) -> s.password = v),
            BackendOption.integer("pool.size", 1, "a size", (s, v) -> s.size = v),
            BackendOption.flag("flag", false, "a flag", (s, v) -> s.flag = v),
            BackendOption.duration("timeout", Duration.ofSeconds(5), "a timeout", (s, v) -> s.timeout = v),
            BackendOption.choice("mode", Mode.SAFE, "a mode", (s, v) -> s.mode = v));

    @Test
    void the_keys_are_the_table_in_order() {
        assertThat(BackendOption.keys(OPTIONS)).containsExactly("url", "name", "password", "pool.size", "flag",
                "timeout", "mode");
        assertThat(OPTIONS.get(5).defaultValue()).isEqualTo("5s");
        assertThat(OPTIONS.get(6).defaultValue()).isEqualTo("safe");
        assertThat(OPTIONS.get(2).secret()).isTrue();
    }

    @Test
    void configured_values_are_applied_and_absent_ones_leave_the_builders_defaults() {
        StowageConfig config = StowageConfig.of(Map.of("stowage.demo.name", "n", "stowage.demo.pool-size", "7",
                "stowage.demo.flag", "TRUE", "stowage.demo.timeout", "0", "stowage.demo.mode", "fast"));
        Settings settings = BackendOption.applyAll(OPTIONS, new Settings(), config, "demo");
        assertThat(settings.name).isEqualTo("n");
        assertThat(settings.size).isEqualTo(7);
        assertThat(settings.flag).isTrue();
        assertThat(settings.timeout).isZero();
        assertThat(settings.mode).isEqualTo(Mode.FAST);
        assertThat(settings.password).isNull();
        assertThat(BackendOption.applyAll(OPTIONS, new Settings(), StowageConfig.of(Map.of()), "demo").timeout)
                .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void bad_values_and_missing_required_ones_name_the_key_and_never_a_secret() {
        assertThatThrownBy(() -> OPTIONS.get(0).require(StowageConfig.of(Map.of()), "demo"))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("stowage.demo.url")
                .hasMessageContaining("x://host");
        assertThatThrownBy(() -> BackendOption.applyAll(OPTIONS, new Settings(),
                StowageConfig.of(Map.of("stowage.demo.mode", "slow")), "demo"))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("'fast' or 'safe'");
        assertThatThrownBy(() -> BackendOption.applyAll(OPTIONS, new Settings(),
                StowageConfig.of(Map.of("stowage.demo.pool.size", "many")), "demo"))
                .isInstanceOf(StoreConfigurationException.class).hasMessageContaining("stowage.demo.pool.size");
        assertThatThrownBy(() -> StowageConfig.of(Map.of("stowage.demo.password", "s3cret"))
                .getInt("stowage.demo.password", 0)).hasMessageNotContaining("s3cret");
    }

    @Test
    void durations_are_formatted_as_configured() {
        assertThat(BackendOption.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(BackendOption.format(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(BackendOption.format(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(BackendOption.format(Duration.ofSeconds(90))).isEqualTo("90s");
    }
}
