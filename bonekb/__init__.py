"""bonekb: the article's bone-nutrition rules (calcium with D3, K2 and K1) as a traced knowledge base."""

__version__ = "0.1.0"
