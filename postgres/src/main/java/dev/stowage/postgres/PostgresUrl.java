package dev.stowage.postgres;

import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.support.Secrets;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL JDBC URL checked before anything connects, with its credentials taken out: the
 * driver logs the URL it connects with, so the password travels as a connection property
 * instead. A malformed URL, a property value the driver would refuse and user-info in the URL are
 * {@link StoreConfigurationException}s that say what to change, never a driver or pool exception
 * and never mistaken for an outage.
 *
 * @param url         the URL without {@code user}, {@code password} and {@code sslpassword}
 *                    parameters: safe to show and to log
 * @param user        the {@code user} parameter, or {@code null}
 * @param password    the {@code password} parameter, or {@code null}
 * @param sslPassword the {@code sslpassword} parameter, or {@code null}
 */
record PostgresUrl(String url, String user, String password, String sslPassword) {

    /** The start every URL must have. */
    static final String PREFIX = "jdbc:postgresql:";
    private static final String EXAMPLE = "jdbc:postgresql://localhost:5432/app";
    private static final Pattern AUTHORITY = Pattern.compile("^jdbc:postgresql://([^/?]*)");

    /**
     * @param jdbcUrl a URL as configured
     * @return the checked URL with its credentials apart
     * @throws StoreConfigurationException saying what to fix
     */
    static PostgresUrl parse(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith(PREFIX)) {
            throw new StoreConfigurationException("the PostgreSQL JDBC URL must start with " + PREFIX + ", e.g. "
                    + EXAMPLE + (jdbcUrl == null ? "" : "; was '" + Secrets.maskUri(jdbcUrl) + "'"));
        }
        String shown = Secrets.maskUri(jdbcUrl);
        Matcher authority = AUTHORITY.matcher(jdbcUrl);
        if (authority.find()) {
            checkAuthority(authority.group(1), shown);
        }
        Properties parsed = Driver.parseURL(jdbcUrl, null);
        if (parsed == null) {
            throw new StoreConfigurationException("'" + shown + "' is not a PostgreSQL JDBC URL the driver accepts; use"
                    + " jdbc:postgresql://host[:port][,host2[:port2]]/database[?name=value&...], e.g. " + EXAMPLE);
        }
        checkProperties(parsed);
        String user = null;
        String password = null;
        String sslPassword = null;
        int query = jdbcUrl.indexOf('?');
        if (query < 0) {
            return new PostgresUrl(jdbcUrl, null, null, null);
        }
        List<String> kept = new ArrayList<>();
        for (String parameter : jdbcUrl.substring(query + 1).split("&")) {
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            String value = equals < 0 ? "" : URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
            switch (name) {
                case "user" -> user = value;
                case "password" -> password = value;
                case "sslpassword" -> sslPassword = value;
                default -> kept.add(parameter);
            }
        }
        String base = jdbcUrl.substring(0, query);
        return new PostgresUrl(kept.isEmpty() ? base : base + "?" + String.join("&", kept), user, password, sslPassword);
    }

    /**
     * @return the secret values this URL carried, for masking messages
     */
    List<String> secrets() {
        List<String> secrets = new ArrayList<>(2);
        if (password != null) {
            secrets.add(password);
        }
        if (sslPassword != null) {
            secrets.add(sslPassword);
        }
        return secrets;
    }

    @Override
    public String toString() {
        return url;
    }

    private static void checkAuthority(String authority, String shown) {
        if (authority.contains("@")) {
            throw new StoreConfigurationException("'" + shown + "' puts credentials before the host (user:password@);"
                    + " the PostgreSQL JDBC driver does not read them there: use ?user=...&password=... or the"
                    + " builder's user(...) and password(...) (stowage.postgres.user / .password)");
        }
        for (String host : authority.split(",")) {
            int colon = host.lastIndexOf(':');
            if (colon < 0 || host.endsWith("]")) {
                continue;
            }
            String port = host.substring(colon + 1);
            if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new StoreConfigurationException("'" + shown + "' has the port '" + port + "', which is not a"
                        + " number between 1 and 65535; e.g. " + EXAMPLE);
            }
        }
    }

    /**
     * Checks what the driver would otherwise refuse only when connecting, with an error that
     * reads like an outage: properties with a fixed set of values (sslmode, targetServerType, ...)
     * and integer properties (connectTimeout, ...).
     */
    private static void checkProperties(Properties parsed) {
        for (String name : parsed.stringPropertyNames()) {
            PGProperty property = PGProperty.forName(name);
            if (property == null || property == PGProperty.PROTOCOL_VERSION) {
                // Unknown to this driver version, or one whose documented choices lag what the
                // driver accepts ("3.2"): left to the driver.
                continue;
            }
            String value = parsed.getProperty(name);
            String[] choices = property.getChoices();
            if (choices != null && Arrays.stream(choices).noneMatch(choice -> choice.equalsIgnoreCase(value))) {
                throw new StoreConfigurationException("the PostgreSQL URL parameter " + name + "=" + shown(name, value)
                        + " is not one of " + String.join(", ", choices));
            }
            String fallback = property.getDefaultValue();
            if (fallback != null && fallback.matches("-?[0-9]+") && !value.trim().matches("-?[0-9]+")) {
                throw new StoreConfigurationException("the PostgreSQL URL parameter " + name + " must be an integer,"
                        + " was '" + shown(name, value) + "'");
            }
        }
    }

    private static String shown(String name, String value) {
        return Secrets.isSecretKey(name) || name.toLowerCase(Locale.ROOT).contains("pass") ? Secrets.MASK : value;
    }
}
