package dev.stowage.migration;

/**
 * Receives every record a migration under {@link ErrorPolicy#SKIP_AND_RECORD} could not copy.
 * Implementations are thread-safe (workers reject concurrently). A reject is handed over before
 * the checkpoint moves past its batch, so none is lost in a crash; after a crash the records of
 * the redone batch may be handed over a second time (the report counts each once).
 * {@link JsonLinesRejectSink} writes them to a file.
 */
public interface RejectSink {

    /**
     * @param rejected the record and why it was rejected
     */
    void accept(RejectedRecord rejected);

    /**
     * Makes every record accepted so far durable; called before a batch's checkpoint is written.
     */
    default void flush() {
    }
}
