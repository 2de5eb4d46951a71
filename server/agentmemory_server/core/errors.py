"""Domain errors. core/ and the storage adapters raise these; api/errors.py alone maps them to gRPC status."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a client may see; `reason` is the stable ErrorInfo reason."""

    reason = "INTERNAL"

    def __init__(self, message: str, **metadata: str) -> None:
        super().__init__(message)
        self.message = message
        self.metadata = metadata


class ValidationFailed(DomainError):
    """Bad input: one or more (field path, description) violations."""

    reason = "VALIDATION_FAILED"

    def __init__(self, violations: list[tuple[str, str]], **metadata: str) -> None:
        summary = "; ".join(f"{field}: {description}" if field else description for field, description in violations)
        super().__init__(f"invalid request: {summary}", **metadata)
        self.violations = violations

    def prefixed(self, prefix: str, **metadata: str) -> ValidationFailed:
        """The same violations with field paths nested under `prefix` (for bulk calls)."""
        return ValidationFailed([(f"{prefix}{field}", text) for field, text in self.violations], **metadata)


class InvalidToken(DomainError):
    """A page token or cursor that was altered, is malformed, or belongs to another query or agent."""

    def __init__(self, field: str, reason: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.reason = reason


class NotFound(DomainError):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class VersionConflict(DomainError):
    reason = "VERSION_CONFLICT"

    def __init__(self, expected: int, actual: int) -> None:
        super().__init__(
            f"expected version {expected}, found {actual}" if actual else f"expected version {expected}, but it does not exist",
            expected_version=str(expected),
            actual_version=str(actual),
        )
        self.expected = expected
        self.actual = actual


class OutcomeAlreadyRecorded(DomainError):
    reason = "OUTCOME_ALREADY_RECORDED"


class WrongValueType(DomainError):
    reason = "WRONG_VALUE_TYPE"


class ScanTooLarge(DomainError):
    """An analytics call over paths that are not rolled up would read more decisions than allowed."""

    reason = "ANALYTICS_SCAN_TOO_LARGE"


class CursorExpired(DomainError):
    """The cursor is older than what the event log still holds (etcd's compacted revision)."""

    reason = "CURSOR_EXPIRED"


class CursorAhead(DomainError):
    """The cursor points past the end of the log (a restored or foreign data directory)."""

    reason = "CURSOR_AHEAD"


class StoreUnavailable(DomainError):
    reason = "STORE_UNAVAILABLE"


class ShuttingDown(DomainError):
    reason = "SHUTTING_DOWN"


class Unauthenticated(DomainError):
    reason = "UNAUTHENTICATED"


class PermissionDenied(DomainError):
    reason = "PERMISSION_DENIED"
