package dev.stowage.migration.switching;

import dev.stowage.Stores;
import dev.stowage.Stowage;
import dev.stowage.StowageConfig;
import org.awaitility.core.ConditionTimeoutException;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import static org.awaitility.Awaitility.await;

/**
 * The second application instance of {@link TwoJvmOnlineMigrationTest}, in a child JVM: opens its
 * stores with {@code Stowage.open} from a properties file, says {@code READY} on standard output,
 * runs mixed traffic until a stop file appears (or two minutes pass), then writes its acknowledged
 * writes to a file ({@link Traffic#save}) and exits.
 * Arguments: the properties file, the stop file, the acknowledgements file.
 */
public final class TrafficMain {

    private TrafficMain() {
    }

    /**
     * @param args the properties file, the stop file, the acknowledgements file
     * @throws Exception if it cannot run (the parent then finds no acknowledgements)
     */
    public static void main(String[] args) throws Exception {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        Map<String, String> config = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> config.put(key, properties.getProperty(key)));
        Path stop = Path.of(args[1]);
        try (Stores stores = Stowage.open(StowageConfig.of(config))) {
            System.out.println("READY");
            System.out.flush();
            Traffic traffic = new Traffic("child", List.of(stores), 1);
            try {
                await("the parent's stop file").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                        .until(() -> Files.exists(stop));
            } catch (ConditionTimeoutException orphaned) {
                // The bound only keeps a child whose parent died from running forever: stop and save as asked.
            }
            traffic.stop();
            traffic.save(Path.of(args[2]));
        }
        System.out.println("DONE");
    }
}
