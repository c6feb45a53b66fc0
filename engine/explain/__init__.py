"""Explanations: Jinja2 templates from the knowledge base, rendered safely, as text, Markdown, HTML or JSON.

environment.py confines and sandboxes the templates; context.py turns claims and a result into
plain data for them; whynot.py says why a rule did not fire; render.py converts Markdown;
handout.py builds the HTML page and its charts; explainer.py is what the commands call.
"""
