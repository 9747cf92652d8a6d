package dev.stowage.redis;

/** {@link ReferenceEquivalenceTest} against the standalone server. */
class ReferenceEquivalenceStandaloneTest extends ReferenceEquivalenceTest {
    @Override
    protected TestTarget target() {
        return TestTarget.standaloneServer();
    }
}
