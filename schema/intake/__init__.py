"""Drafting from the proposal's own document: suggestions with their quoted sentences, documents kept with
proposals, and where each answer came from."""
