package dev.stowage.redis;

/** {@link KeyNamesTest} against the local three-master Cluster. */
class KeyNamesClusterTest extends KeyNamesTest {
    @Override
    protected TestTarget target() {
        return TestTarget.localCluster();
    }
}
