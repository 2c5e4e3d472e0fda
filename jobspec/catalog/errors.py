"""How ``catalog pull`` fails: one sentence, and the exit code the run ends with."""

from __future__ import annotations

# 1: the cluster refused or could not be reached; 2: the request itself is wrong.
EXIT_CLUSTER, EXIT_USAGE = 1, 2


class PullError(Exception):
    """One sentence for the user, and the exit code it ends the run with."""

    def __init__(self, message: str, exit_code: int = EXIT_CLUSTER) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
