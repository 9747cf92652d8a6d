package dev.stowage.examples.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small CRM back office on Spring Boot: its {@link dev.stowage.Stores} bean comes from the
 * Stowage starter and {@code application.properties} (in memory unless told otherwise). Run it:
 * <pre>
 * mvn -q -pl examples/spring-boot -am package -DskipTests &amp;&amp; java -jar examples/spring-boot/target/stowage-example-spring-boot.jar
 * </pre>
 * and on PostgreSQL by adding {@code --stowage.backend=postgres --stowage.postgres.url=jdbc:postgresql://...}.
 */
@SpringBootApplication
public class CrmApplication {

    /**
     * @param args Spring Boot arguments, e.g. {@code --stowage.backend=postgres}
     */
    public static void main(String[] args) {
        SpringApplication.run(CrmApplication.class, args);
    }
}
