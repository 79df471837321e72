"""craftlog: keep the evidence that your own craft is still growing."""

__version__ = "0.1.0"
