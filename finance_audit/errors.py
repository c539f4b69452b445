"""One exception family. The CLI maps each to a one-line message and an exit code."""

from __future__ import annotations


class FinanceAuditError(Exception):
    """Base of every error the library raises on purpose.

    Attributes name where the problem is, so a message can point at it.
    """

    exit_code = 3

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.row = row
        self.column = column

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(str(self.file))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        return f"{': '.join([', '.join(where), self.message]) if where else self.message}"


class UsageError(FinanceAuditError):
    """The caller asked for something that cannot be done as asked."""

    exit_code = 2


class UnreadableFileError(FinanceAuditError):
    """A whole input file cannot be used: empty, binary, not a table, unknown layout."""

    exit_code = 2


class ProfileError(FinanceAuditError):
    """A mapping profile is malformed, or no profile fits a file."""

    exit_code = 2


class StoreError(FinanceAuditError):
    """The store cannot be opened or written as asked."""

    exit_code = 2
