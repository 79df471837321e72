"""Run craftlog with `python -m craftlog`."""

from craftlog.cli import main

raise SystemExit(main())
