"""A static site on 127.0.0.1 serving the files of a folder, for pages a test writes itself."""

from __future__ import annotations

from functools import partial
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any

from tests.support.server import HandlerSite


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class FolderSite(HandlerSite):
    def __init__(self, root: Path) -> None:
        super().__init__(partial(_Quiet, directory=str(root)))
        self.root = root
