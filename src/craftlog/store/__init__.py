"""Storage: SQLite opened safely, versioned schema, repositories returning core dataclasses."""
