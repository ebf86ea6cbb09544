"""Cookie headers as plain values: what a site's consent or priming page set, replayed."""

from __future__ import annotations


def cookie_pairs(header: bytes) -> dict[str, str]:
    """A Cookie header ("a=1; b=2") as the dict Request(cookies=...) takes."""
    pairs = (part.split("=", 1) for part in header.decode("latin-1").split(";") if "=" in part)
    return {name.strip(): value.strip() for name, value in pairs if name.strip()}
