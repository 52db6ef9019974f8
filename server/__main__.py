"""`python -m server ...` is the `tambon` command, for when the console script is not on PATH."""

import sys

from server.cli import main

sys.exit(main())
