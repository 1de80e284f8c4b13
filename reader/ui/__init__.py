"""The Textual app. It depends on the core; the core never imports it."""
