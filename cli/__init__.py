"""bonekb's command line: thin click commands over the engine and the explainer."""
