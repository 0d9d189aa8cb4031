package io.orderflow.work;

/** What became of one claimed item. */
public sealed interface Outcome {

    /** The work is done; the item takes {@code status} for good. */
    record Done(String status) implements Outcome {
    }

    /** Not done this time; tried again after the backoff (an attempt like a failure, logged as an expected wait). */
    record Later(String reason) implements Outcome {
    }

    /** The attempt failed; tried again after the backoff, or given up after the last attempt. */
    record Failed(String error) implements Outcome {
    }

    /**
     * The work was done, or may have been, but the claim had been taken over meanwhile (the lease ran out): nothing is
     * recorded by this node, and the loss is reported.
     */
    record LostClaim() implements Outcome {
    }

    static Done done(String status) {
        return new Done(status);
    }

    static Later later(String reason) {
        return new Later(reason);
    }
}
