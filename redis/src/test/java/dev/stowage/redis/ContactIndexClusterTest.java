package dev.stowage.redis;

/** {@link ContactIndexTest} against the local three-master Cluster. */
class ContactIndexClusterTest extends ContactIndexTest {

    @Override
    protected TestTarget target() {
        return TestTarget.localCluster();
    }
}
