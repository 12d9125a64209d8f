"""giaoban: the record of mass-mobilization briefings, aspirations and follow-up tasks."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("giaoban")
except PackageNotFoundError:  # running from a source tree or a frozen bundle without metadata
    __version__ = "0.1.0"
