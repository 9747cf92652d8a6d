package dev.stowage.redis;

/** {@link ContactIndexTest} against the standalone server. */
class ContactIndexStandaloneTest extends ContactIndexTest {

    @Override
    protected TestTarget target() {
        return TestTarget.standaloneServer();
    }
}
