package dev.stowage.redis;

/** {@link ErasureKeyspaceTest} against the standalone server. */
class ErasureKeyspaceStandaloneTest extends ErasureKeyspaceTest {
    @Override
    protected TestTarget target() {
        return TestTarget.standaloneServer();
    }
}
