package dev.stowage.migration.switching;

/**
 * The stages of an online migration of one store from an old backend to a new one, after
 * LaunchDarkly's migration stages. Each stage says which store is <em>authoritative</em> (executes
 * every operation and serves reads) and whether the other one receives the results:
 * <table>
 *   <caption>stages</caption>
 *   <tr><th>stage</th><th>writes</th><th>reads from</th><th>shadow reads</th></tr>
 *   <tr><td>OFF</td><td>old</td><td>old</td><td>none</td></tr>
 *   <tr><td>DUAL_WRITE</td><td>old, then replicated to new</td><td>old</td><td>none</td></tr>
 *   <tr><td>SHADOW</td><td>old, then new</td><td>old</td><td>sampled reads of new compared</td></tr>
 *   <tr><td>LIVE</td><td>new, then replicated to old</td><td>new</td><td>sampled reads of old compared</td></tr>
 *   <tr><td>RAMP_DOWN</td><td>new, then old</td><td>new</td><td>none</td></tr>
 *   <tr><td>COMPLETE</td><td>new</td><td>new</td><td>none</td></tr>
 * </table>
 */
public enum Stage {
    /** Only the old store is used. */
    OFF,
    /** The old store is authoritative; every result is replicated to the new one. */
    DUAL_WRITE,
    /** As {@link #DUAL_WRITE}, and sampled reads of the new store are compared with the old. */
    SHADOW,
    /** The new store is authoritative; results are replicated to the old one, sampled reads of the old compared. */
    LIVE,
    /** The new store is authoritative; results are still replicated to the old one, for a way back. */
    RAMP_DOWN,
    /** Only the new store is used. */
    COMPLETE;

    /**
     * @return whether the new store is authoritative (executes operations and serves reads)
     */
    public boolean newIsAuthoritative() {
        return compareTo(LIVE) >= 0;
    }

    /**
     * @return whether results are replicated to the store that is not authoritative
     */
    public boolean replicates() {
        return this != OFF && this != COMPLETE;
    }

    /**
     * @return whether sampled reads of the other store are compared with the authoritative one
     */
    public boolean shadows() {
        return this == SHADOW || this == LIVE;
    }

    /**
     * @param other another stage
     * @return whether going from this stage to {@code other} changes the authoritative store
     */
    public boolean flipsAuthority(Stage other) {
        return newIsAuthoritative() != other.newIsAuthoritative();
    }

    /**
     * @param text a stage name, any case, {@code -} or {@code _} between words
     * @return the stage, or {@code null} if the text names none (flag values are checked, never trusted)
     */
    static Stage parse(String text) {
        if (text == null) {
            return null;
        }
        String name = text.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        for (Stage stage : values()) {
            if (stage.name().equals(name)) {
                return stage;
            }
        }
        return null;
    }
}
