"""``python -m dtf_gui.cli`` (and ``torchrun -m dtf_gui.cli``) runs the `dtf` command line."""

import sys

from dtf_gui.cli.main import main

sys.exit(main())
