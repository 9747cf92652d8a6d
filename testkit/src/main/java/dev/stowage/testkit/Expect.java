package dev.stowage.testkit;

import dev.stowage.exception.ConflictException;
import dev.stowage.exception.ValidationException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The error assertions the contracts share: a call must fail with the exact exception type and,
 * for validation and conflicts, name the field or the reason, so that callers can rely on them.
 */
final class Expect {

    private Expect() {
    }

    /**
     * @param call  the call that must be rejected
     * @param field the field the error must name
     * @return the exception, for further checks
     */
    static ValidationException validation(ThrowingCallable call, String field) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected a ValidationException naming '%s'", field)
                .isInstanceOf(ValidationException.class);
        ValidationException error = (ValidationException) thrown;
        assertThat(error.field()).as("the field named by: %s", error.getMessage()).isEqualTo(field);
        return error;
    }

    /**
     * @param call   the call that must be rejected
     * @param reason the conflict's reason
     * @return the exception, for further checks
     */
    static ConflictException conflict(ThrowingCallable call, ConflictException.Reason reason) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected a ConflictException %s", reason).isInstanceOf(ConflictException.class);
        ConflictException error = (ConflictException) thrown;
        assertThat(error.reason()).as("the reason of: %s", error.getMessage()).isEqualTo(reason);
        return error;
    }

    /**
     * @param thrown something a store threw
     * @param reason the expected reason
     * @return whether it is a conflict of that reason
     */
    static boolean isConflict(Throwable thrown, ConflictException.Reason reason) {
        return thrown instanceof ConflictException conflict && conflict.reason() == reason;
    }
}
