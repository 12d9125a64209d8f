"""giaoban: the record of mass-mobilization briefings, aspirations and follow-up tasks.

``giaoban.__version__`` is read from the installed package's metadata when first asked for:
importing ``importlib.metadata`` costs about as much as starting Python, and neither the first
paint of the window nor most commands need the number.
"""

from __future__ import annotations


def __getattr__(name: str) -> str:
    if name != "__version__":
        raise AttributeError(f"module 'giaoban' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("giaoban")
    except PackageNotFoundError:  # running from a source tree or a frozen bundle without metadata
        found = "0.1.0"
    globals()["__version__"] = found
    return found
