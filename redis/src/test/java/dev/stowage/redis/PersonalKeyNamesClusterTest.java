package dev.stowage.redis;

/** {@link PersonalKeyNamesTest} against the local three-master Cluster. */
class PersonalKeyNamesClusterTest extends PersonalKeyNamesTest {
    @Override
    protected TestTarget target() {
        return TestTarget.localCluster();
    }
}
