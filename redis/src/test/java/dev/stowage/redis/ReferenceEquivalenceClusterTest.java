package dev.stowage.redis;

/** {@link ReferenceEquivalenceTest} against the local three-master Cluster. */
class ReferenceEquivalenceClusterTest extends ReferenceEquivalenceTest {
    @Override
    protected TestTarget target() {
        return TestTarget.localCluster();
    }
}
