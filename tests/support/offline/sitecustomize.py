"""No test asks DNS for a real host name: tests never touch the internet.

tests/conftest.py puts this folder first on PYTHONPATH, so every Python process a test starts
(the `defnews` commands, their extraction workers, pywb) imports this module at start-up, before
Twisted or Scrapy can take a reference to the resolver functions; conftest also installs it in
the test processes themselves. A name that is not an address, `localhost` or `*.localhost` is
refused at once (socket.gaierror, as an unknown host is) and written to the file that
DEFNEWS_TEST_DNS_LOG names, with the test that was running; conftest fails that test.

Self-contained: a process imports it before its own folder is on sys.path.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path
from typing import Any

LOG = "DEFNEWS_TEST_DNS_LOG"


def is_local(host: object) -> bool:
    if host is None:
        return True
    name = host.decode("ascii", "replace") if isinstance(host, bytes) else str(host)
    name = name.rstrip(".").lower()
    if name in ("", "localhost") or name.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(name.split("%", 1)[0])  # an IPv6 address may carry its zone
    except ValueError:
        return False
    return True


def _refuse(host: object) -> None:
    path = os.environ.get(LOG)
    if path:
        with Path(path).open("a", encoding="utf-8") as log:
            log.write(f"{host!s}\t{os.environ.get('PYTEST_CURRENT_TEST', '')}\n")
    raise socket.gaierror(socket.EAI_NONAME, f"tests never touch the internet: {host!s}")


def _guarded(real: Any) -> Any:
    """real (a resolver function whose first argument is the host), refusing real names."""

    def lookup(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not is_local(host):
            _refuse(host)
        return real(host, *args, **kwargs)

    lookup.defnews_offline = True  # type: ignore[attr-defined]
    return lookup


def install() -> None:
    """Guard socket's resolvers (once: conftest installs it again in processes that already
    loaded it at start-up)."""
    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        real = getattr(socket, name)
        if not getattr(real, "defnews_offline", False):
            setattr(socket, name, _guarded(real))


install()
