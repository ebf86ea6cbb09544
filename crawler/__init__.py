"""defnews: a crawler and archive for defense news."""

from __future__ import annotations

import warnings

__version__ = "0.1.0"

# cdxj-indexer and pywb import Py3AMF, which imports pkg_resources; setuptools 80 warns about
# that on every crawl and export, in output meant for the user's own problems.
warnings.filterwarnings("ignore", "pkg_resources is deprecated", UserWarning)
