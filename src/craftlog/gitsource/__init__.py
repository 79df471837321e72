"""Reading git history: one streaming `git log` per repository, through GitPython."""
