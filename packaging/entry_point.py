"""Entry script of the frozen program (PyInstaller needs a file, not a console_scripts entry).

It is deliberately not called ``giaoban.py``: a script of that name would shadow the package.
"""

import sys

from giaoban.cli import main

if __name__ == "__main__":
    if sys.argv[1:2] == ["--extract-attachment"]:  # a child reading an attachment's text
        from giaoban.core.attachments_extract import main as extract

        sys.exit(extract(sys.argv[1:]))
    sys.exit(main())
