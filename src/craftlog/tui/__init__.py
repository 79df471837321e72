"""Everything Textual: the app, its screens and widgets. Nothing outside this package imports it."""
