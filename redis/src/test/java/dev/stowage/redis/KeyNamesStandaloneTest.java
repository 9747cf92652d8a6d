package dev.stowage.redis;

/** {@link KeyNamesTest} against the standalone server. */
class KeyNamesStandaloneTest extends KeyNamesTest {
    @Override
    protected TestTarget target() {
        return TestTarget.standaloneServer();
    }
}
