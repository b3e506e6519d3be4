"""``python -m fosterkit`` runs the command line."""

import sys

from fosterkit.cli import main

sys.exit(main())
