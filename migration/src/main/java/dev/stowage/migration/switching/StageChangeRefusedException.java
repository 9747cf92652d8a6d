package dev.stowage.migration.switching;

import dev.stowage.exception.StoreException;

/**
 * A stage change a {@link StageController} gate refused; the message says why and what to do
 * (drain the repair queue, verify again, ...). Nothing changed.
 */
public class StageChangeRefusedException extends StoreException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message why the change was refused
     */
    public StageChangeRefusedException(String message) {
        super(message);
    }
}
