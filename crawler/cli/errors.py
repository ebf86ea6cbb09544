"""The one error type the CLI turns into a one-line message and exit status 2."""

from __future__ import annotations


class CliError(Exception):
    """Bad input: a missing file, an unknown site, an unreachable host, a corrupt archive."""
