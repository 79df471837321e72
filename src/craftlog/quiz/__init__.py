"""The quiz: FSRS scheduling, the AI examiner client and the usage ledger."""
