"""bonekb's engine: loading the knowledge base, normalising profiles, running the rules."""
