package dev.stowage.redis;

/** {@link KeyLeakTest} against the local three-master Cluster. */
class KeyLeakClusterTest extends KeyLeakTest {
    @Override
    protected TestTarget target() {
        return TestTarget.localCluster();
    }
}
