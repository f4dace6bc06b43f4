"""The project's own error types: every problem a user can cause ends in one of these."""
from __future__ import annotations


class DiagramError(Exception):
    """A problem with a figure, reported as one line: ``file:line:col: message (hint)``."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 col: int | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.col = col
        self.hint = hint

    def located(self, file=None, line=None, col=None) -> "DiagramError":
        """Fill in a location that is not known yet (inner code rarely knows the file)."""
        if self.file is None:
            self.file = file
        if self.line is None:
            self.line, self.col = line, col
        return self

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = str(self.file)
            if self.line:
                where += f":{self.line}"
                if self.col:
                    where += f":{self.col}"
            where += ": "
        text = where + self.message
        if self.hint:
            text += f" — {self.hint}"
        # one line, always: a line break inside a quoted user value (a colour name, a key) is shown escaped
        return "\\n".join(text.splitlines()) if len(text.splitlines()) > 1 else text


class SpecError(DiagramError):
    """The spec itself is wrong (syntax, schema, references, translations, math)."""


class SpecErrors(SpecError):
    """Several problems of one spec, all reported in one run: one line each."""

    def __init__(self, errors: list, more: int = 0):
        super().__init__(errors[0].message, file=errors[0].file, line=errors[0].line, col=errors[0].col,
                         hint=errors[0].hint)
        self.errors = list(errors)
        self.more = max(0, more)

    def located(self, file=None, line=None, col=None) -> "SpecErrors":
        for e in self.errors:
            e.located(file=file)
        self.file = self.file or file
        return self

    def __str__(self) -> str:
        lines = [str(e) for e in self.errors]
        if self.more:
            lines.append(f"… and {self.more} more (only the first {len(self.errors)} are shown: MAX_REPORTED_ERRORS)")
        return "\n".join(lines)


class ToolMissing(DiagramError):
    """A system tool or font the build needs is not installed."""
