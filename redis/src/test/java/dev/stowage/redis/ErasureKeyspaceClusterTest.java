package dev.stowage.redis;

/** {@link ErasureKeyspaceTest} against the local three-master Cluster. */
class ErasureKeyspaceClusterTest extends ErasureKeyspaceTest {
    @Override
    protected TestTarget target() {
        return TestTarget.localCluster();
    }
}
