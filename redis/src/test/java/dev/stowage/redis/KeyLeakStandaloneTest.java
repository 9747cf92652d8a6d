package dev.stowage.redis;

/** {@link KeyLeakTest} against the standalone server. */
class KeyLeakStandaloneTest extends KeyLeakTest {
    @Override
    protected TestTarget target() {
        return TestTarget.standaloneServer();
    }
}
