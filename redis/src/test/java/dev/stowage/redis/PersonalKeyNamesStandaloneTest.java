package dev.stowage.redis;

/** {@link PersonalKeyNamesTest} against the standalone server. */
class PersonalKeyNamesStandaloneTest extends PersonalKeyNamesTest {
    @Override
    protected TestTarget target() {
        return TestTarget.standaloneServer();
    }
}
