import sys

from giaoban.cli import main

sys.exit(main())
