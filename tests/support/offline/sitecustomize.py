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


def install() -> None:
    if getattr(socket.getaddrinfo, "defnews_offline", False):
        return
    real_getaddrinfo = socket.getaddrinfo
    real_gethostbyname = socket.gethostbyname
    real_gethostbyname_ex = socket.gethostbyname_ex

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not is_local(host):
            _refuse(host)
        return real_getaddrinfo(host, *args, **kwargs)

    def gethostbyname(host: str) -> str:
        if not is_local(host):
            _refuse(host)
        return real_gethostbyname(host)

    def gethostbyname_ex(host: str) -> Any:
        if not is_local(host):
            _refuse(host)
        return real_gethostbyname_ex(host)

    getaddrinfo.defnews_offline = True  # type: ignore[attr-defined]
    socket.getaddrinfo = getaddrinfo
    socket.gethostbyname = gethostbyname
    socket.gethostbyname_ex = gethostbyname_ex


install()
