"""The files `bonekb init` writes that are the new knowledge base's own (data, not code)."""
