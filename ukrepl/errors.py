"""The one error base of ukrepl: a message for the user and a hint naming the next step.

Every layer raises its own subclass (a build error, a cell's compiler error, a
guest that crashed or is gone, a bad option); the Jupyter face and the CLI
catch UkreplError alone and show `str(err)`: the message, then the hint in
parentheses on the same line (on a line of its own after a multi-line message),
never a traceback.
"""

from __future__ import annotations


class UkreplError(Exception):
    """A problem to show as a short message; `hint` says what to do next."""

    hint = ""  # the class's usual next step; an instance may give its own

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        if not self.hint:
            return self.message
        joint = "\n" if "\n" in self.message else " "
        return f"{self.message}{joint}({self.hint})"
