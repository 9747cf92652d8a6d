package dev.stowage.migration.switching;

import dev.stowage.inmemory.InMemoryStores;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.DeploymentContracts;
import org.junit.jupiter.api.Nested;

import java.time.Clock;

/**
 * Every contract suite through the switching backend, memory to memory, at each stage (every store
 * at that stage, every key read shadowed), so each stage behaves exactly as one backend does.
 */
class SwitchingMemoryContractsTest {

    /** The deployment at one stage. */
    abstract static class AtStage extends DeploymentContracts {
        abstract Stage stage();

        @Override
        protected StoreBackend openBackend(String namespace, Clock clock) {
            return SwitchingBackend.builder(InMemoryStores.backend(clock), InMemoryStores.backend(clock))
                    .contacts(StageSource.fixed(stage())).credits(StageSource.fixed(stage()))
                    .tokens(StageSource.fixed(stage())).shadowRatio(1.0).metrics(false).build();
        }
    }

    @Nested
    class Off extends AtStage {
        @Override
        Stage stage() {
            return Stage.OFF;
        }
    }

    @Nested
    class DualWrite extends AtStage {
        @Override
        Stage stage() {
            return Stage.DUAL_WRITE;
        }
    }

    @Nested
    class Shadow extends AtStage {
        @Override
        Stage stage() {
            return Stage.SHADOW;
        }
    }

    @Nested
    class Live extends AtStage {
        @Override
        Stage stage() {
            return Stage.LIVE;
        }
    }

    @Nested
    class RampDown extends AtStage {
        @Override
        Stage stage() {
            return Stage.RAMP_DOWN;
        }
    }

    @Nested
    class Complete extends AtStage {
        @Override
        Stage stage() {
            return Stage.COMPLETE;
        }
    }
}
