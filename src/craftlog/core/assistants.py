"""The coding assistants craftlog recognises in commit messages by default."""

# Names of coding assistants as they appear in co-author trailers and "generated with" lines.
DEFAULT_AI_PATTERNS = (
    "claude",
    "anthropic",
    "copilot",
    "cursor",
    "chatgpt",
    "openai",
    "codex",
    "gemini",
    "aider",
    "devin-ai",  # the bot account; a bare "devin" would catch human co-authors
    "windsurf",
    "codeium",
    "amazon q",
    "tabnine",
    "google-labs-jules",  # likewise, not every Jules
)
