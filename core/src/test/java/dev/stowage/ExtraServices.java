package dev.stowage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Registers service implementations that are on no {@code META-INF/services} list of the test
 * class path (so they are absent from the tests that need them absent, and from core's test-jar)
 * for the length of a try block: {@link Stowage#open} discovers through the context class loader,
 * which is swapped for one that also reads a services file written to a temporary directory.
 */
final class ExtraServices implements AutoCloseable {

    private final Thread thread = Thread.currentThread();
    private final ClassLoader previous = thread.getContextClassLoader();
    private final URLClassLoader loader;

    private ExtraServices(Path root) {
        try {
            loader = new URLClassLoader(new URL[]{root.toUri().toURL()}, previous);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        thread.setContextClassLoader(loader);
    }

    /**
     * @param root            an empty temporary directory
     * @param service         the service interface
     * @param implementations its implementations to add
     * @return the registration; closing it restores the context class loader
     */
    static ExtraServices register(Path root, Class<?> service, Class<?>... implementations) {
        try {
            Path file = root.resolve("META-INF/services/" + service.getName());
            Files.createDirectories(file.getParent());
            Files.writeString(file, Arrays.stream(implementations).map(Class::getName)
                    .collect(Collectors.joining("\n", "", "\n")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ExtraServices(root);
    }

    @Override
    public void close() throws IOException {
        thread.setContextClassLoader(previous);
        loader.close();
    }
}
