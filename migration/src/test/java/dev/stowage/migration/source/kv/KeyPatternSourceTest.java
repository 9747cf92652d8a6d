package dev.stowage.migration.source.kv;

import dev.stowage.exception.StoreClosedException;
import dev.stowage.exception.StoreUnavailableException;
import dev.stowage.exception.ValidationException;
import dev.stowage.migration.source.RecordBatch;
import dev.stowage.migration.source.SourceRecord;
import dev.stowage.migration.source.UnreadableRecord;
import dev.stowage.testkit.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyPatternSourceTest {

    private final LeadGenKeyspace keyspace = new LeadGenKeyspace();

    @AfterEach
    void removeKeys() {
        keyspace.close();
    }

    @Test
    void hashesStayStringsAndJsonKeepsItsTypes() {
        keyspace.credits(0, 3);
        keyspace.gmail("user-1", "{\"email\":\"a@example.com\",\"accessToken\":\"ya29.x\",\"refreshToken\":\"1//y\","
                + "\"expiresAt\":1700000000123,\"scopes\":[\"gmail.send\"]}");
        keyspace.gmail("user-2", "{\"email\":\"b@example.com\",\"expiresAt\":\"1700000000123\"}");
        keyspace.gmail("user-3", "not json at all");
        keyspace.redis.hset(keyspace.gmail() + "user-4", "accessToken", "wrong type");
        keyspace.redis.set(keyspace.credits() + "user-9", "{\"currentBalance\":5}");
        try (KeyPatternSource source = keyspace.source().build()) {
            assertThat(source.collections()).containsExactly(keyspace.credits() + "*", keyspace.gmail() + "*");
            RecordBatch credits = source.read(keyspace.credits() + "*", null, 100);
            assertThat(credits.isLast()).isTrue();
            assertThat(credits.records()).extracting(SourceRecord::legacyId).containsExactlyInAnyOrder("user-0", "user-1", "user-2");
            SourceRecord two = credits.records().stream().filter(r -> r.legacyId().equals("user-2")).findFirst().orElseThrow();
            assertThat(two.fields()).containsExactlyInAnyOrderEntriesOf(
                    Map.of("currentBalance", "2", "totalPurchased", "4", "totalUsed", "2"));
            assertThat(two.raw()).contains("\"currentBalance\":\"2\"");
            assertThat(credits.unreadable()).singleElement().satisfies(bad -> {
                assertThat(bad.location()).isEqualTo("key " + keyspace.credits() + "user-9");
                assertThat(bad.reason()).contains("hash");
            });

            RecordBatch gmail = source.read(keyspace.gmail() + "*", null, 100);
            Map<String, SourceRecord> tokens = gmail.records().stream()
                    .collect(Collectors.toMap(SourceRecord::legacyId, r -> r));
            assertThat(tokens.keySet()).containsExactlyInAnyOrder("user-1", "user-2");
            assertThat(tokens.get("user-1").fields().get("expiresAt")).isEqualTo(1700000000123L);
            assertThat(tokens.get("user-1").fields().get("scopes")).isEqualTo(List.of("gmail.send"));
            assertThat(tokens.get("user-2").fields().get("expiresAt")).isEqualTo("1700000000123");
            assertThat(gmail.unreadable()).extracting(UnreadableRecord::location).containsExactlyInAnyOrder(
                    "key " + keyspace.gmail() + "user-3", "key " + keyspace.gmail() + "user-4");
            UnreadableRecord notJson = gmail.unreadable().stream()
                    .filter(bad -> bad.location().endsWith("user-3")).findFirst().orElseThrow();
            assertThat(notJson.raw()).isEqualTo("not json at all");
            assertThat(notJson.reason()).contains("not valid JSON").doesNotContain("json at all");
        }
    }

    @Test
    void resumingFromAnyPositionMidScanReadsEveryRemainingKeyOnce() {
        keyspace.credits(0, 1_500);
        List<String> positions = new ArrayList<>();
        List<List<String>> batches = new ArrayList<>();
        String collection = keyspace.credits() + "*";
        try (KeyPatternSource source = keyspace.source().scanCount(50).build()) {
            String position = null;
            do {
                RecordBatch batch = source.read(collection, position, 7);
                assertThat(batch.records()).hasSizeLessThanOrEqualTo(7);
                batches.add(batch.records().stream().map(SourceRecord::legacyId).toList());
                position = batch.nextPosition();
                positions.add(position);
            } while (position != null);
        }
        List<String> all = batches.stream().flatMap(List::stream).toList();
        assertThat(new HashSet<>(all)).hasSize(1_500);
        assertThat(all).as("an unchanged keyspace is read without duplicates").doesNotHaveDuplicates();
        try (KeyPatternSource fresh = keyspace.source().scanCount(50).build()) {
            for (int i : List.of(0, 1, batches.size() / 3, batches.size() / 2, batches.size() - 2)) {
                List<String> rest = readAll(fresh, collection, positions.get(i), 11);
                List<String> expected = batches.subList(i + 1, batches.size()).stream().flatMap(List::stream).toList();
                assertThat(rest).as("resumed after batch %d", i).containsExactlyInAnyOrderElementsOf(expected);
            }
        }
    }

    @Test
    void aKeyspaceChangingDuringTheScanStillYieldsEveryKeyPresentThroughout() {
        keyspace.credits(0, 1_000);
        String collection = keyspace.credits() + "*";
        Set<String> seen = new HashSet<>();
        int returned = 0;
        try (KeyPatternSource source = keyspace.source().scanCount(20).build()) {
            String position = null;
            int batch = 0;
            do {
                RecordBatch read = source.read(collection, position, 25);
                List<String> ids = read.records().stream().map(SourceRecord::legacyId).toList();
                assertThat(ids).as("a batch returns a key once").doesNotHaveDuplicates();
                seen.addAll(ids);
                returned += ids.size();
                position = read.nextPosition();
                if (++batch == 5) {
                    keyspace.credits(1_000, 9_000); // The table grows and rehashes mid-scan.
                }
            } while (position != null);
        }
        Set<String> original = IntStream.range(0, 1_000).mapToObj(i -> "user-" + i).collect(Collectors.toSet());
        assertThat(seen).containsAll(original);
        System.out.printf("SCAN over a growing keyspace: %d records returned for %d distinct keys%n", returned, seen.size());
    }

    @Test
    void aKeyDeletedAfterScanReturnedItIsSkipped() {
        keyspace.credits(0, 40);
        String collection = keyspace.credits() + "*";
        try (KeyPatternSource source = keyspace.source().scanCount(100).build()) {
            RecordBatch first = source.read(collection, null, 10);
            assertThat(first.nextPosition()).contains("pending");
            Set<String> firstIds = first.records().stream().map(SourceRecord::legacyId).collect(Collectors.toSet());
            List<String> remaining = IntStream.range(0, 40).mapToObj(i -> "user-" + i).filter(id -> !firstIds.contains(id)).toList();
            keyspace.redis.del(keyspace.credits() + remaining.get(0));
            List<String> rest = readAll(source, collection, first.nextPosition(), 100);
            assertThat(rest).containsExactlyInAnyOrderElementsOf(remaining.subList(1, remaining.size()));
        }
    }

    @Test
    void closingReleasesTheConnection() {
        keyspace.credits(0, 5);
        String clientName = "legacy-kv-" + UUID.randomUUID().toString().substring(0, 8);
        String uri = TestServers.redisUri() + (TestServers.redisUri().contains("?") ? "&" : "?") + "clientName=" + clientName;
        KeyPatternSource source = KeyPatternSource.builder(uri).pattern(KeyPattern.hash(keyspace.credits())).build();
        source.read(keyspace.credits() + "*", null, 2);
        assertThat(connectionsNamed(clientName)).isEqualTo(1);
        source.close();
        assertThat(source.isConnected()).isFalse();
        assertThat(connectionsNamed(clientName)).isZero();
        assertThatThrownBy(() -> source.read(keyspace.credits() + "*", null, 2)).isInstanceOf(StoreClosedException.class);
    }

    @Test
    void badArgumentsAndSecretsInTheUri() {
        try (KeyPatternSource source = keyspace.source().build()) {
            assertThatThrownBy(() -> source.read("other:*", null, 1)).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> source.read(keyspace.credits() + "*", "{\"cursor\":\"x\"}", 1))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("position");
            assertThatThrownBy(() -> source.read(keyspace.credits() + "*", "12", 1)).isInstanceOf(ValidationException.class);
            assertThat(source.estimatedCount(keyspace.credits() + "*")).isEmpty();
            assertThat(source.name()).startsWith("redis:");
        }
        assertThatThrownBy(() -> new KeyPattern("credits:*", KeyPattern.ValueShape.HASH)).isInstanceOf(ValidationException.class);
        String withPassword = TestServers.redisUri().replace("redis://", "redis://:s3cr3t-pw@");
        // The shared Redis may or may not require a password: either way the password stays out of names and messages.
        try (KeyPatternSource withSecret = KeyPatternSource.builder(withPassword).pattern(KeyPattern.hash("x:")).build()) {
            assertThat(withSecret.name()).doesNotContain("s3cr3t-pw").startsWith("redis:");
            assertThat(withSecret.toString()).doesNotContain("s3cr3t-pw");
        } catch (StoreUnavailableException e) {
            assertThat(e.getMessage()).doesNotContain("s3cr3t-pw");
        }
    }

    private long connectionsNamed(String clientName) {
        return keyspace.redis.clientList().lines().filter(line -> line.contains(" name=" + clientName + " ")).count();
    }

    private static List<String> readAll(KeyPatternSource source, String collection, String from, int limit) {
        List<String> read = new ArrayList<>();
        String position = from;
        do {
            RecordBatch batch = source.read(collection, position, limit);
            batch.records().forEach(record -> read.add(record.legacyId()));
            position = batch.nextPosition();
        } while (position != null);
        return read;
    }

}
