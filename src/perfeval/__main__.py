"""``python -m perfeval``: the command line."""

from perfeval.cli import main

raise SystemExit(main())
