package dev.stowage.postgres;

import dev.stowage.TenantId;
import dev.stowage.encryption.EncryptingBackend;
import dev.stowage.exception.StoreException;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.CredentialEncryptionContract;
import dev.stowage.token.CredentialDraft;
import dev.stowage.token.TokenStore;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Encryption at rest over PostgreSQL; what the server holds is read with plain SQL, as psql would. */
class PostgresCredentialEncryptionTest extends CredentialEncryptionContract {

    private final String schema = TestDatabase.uniqueSchema(getClass());

    @Override
    protected StoreBackend openBackend(Clock clock) {
        return TestDatabase.builder(schema, clock).buildBackend();
    }

    @Override
    protected void closeBackend(StoreBackend backend) {
        super.closeBackend(backend);
        TestDatabase.dropSchema(schema);
    }

    @Override
    protected String storedText(TenantId tenant) {
        StringBuilder text = new StringBuilder();
        try (Connection connection = TestDatabase.connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT c::text FROM \"" + schema + "\".credential c WHERE tenant_id = ?")) {
            query.setString(1, tenant.value());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    text.append(rows.getString(1)).append('\n');
                }
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        return text.toString();
    }

    @Test
    void a_ciphertext_copied_to_another_row_with_sql_does_not_decrypt() {
        TokenStore tokens = EncryptingBackend.wrap(backend, testKeys("k1", "k1")).tokens(tenant);
        tokens.putCredential(CredentialDraft.builder("victim", "google", "SECRET-victim").build());
        tokens.putCredential(CredentialDraft.builder("attacker", "google", "attacker-own").build());

        TestDatabase.execute("UPDATE \"" + schema + "\".credential SET access_token = (SELECT access_token FROM \""
                + schema + "\".credential WHERE tenant_id = '" + tenant.value() + "' AND subject = 'victim')"
                + " WHERE tenant_id = '" + tenant.value() + "' AND subject = 'attacker'");

        assertThatThrownBy(() -> tokens.credential("attacker", "google")).isInstanceOf(StoreException.class)
                .hasMessageContaining("'k1'").hasMessageNotContaining("SECRET");
        assertThat(tokens.credential("victim", "google").orElseThrow().accessToken()).isEqualTo("SECRET-victim");
    }
}
