"""Drafting a screening from the proposal's own document (issue 12): pure, no I/O.

`text` splits a document into numbered sentences with offsets and segments words (jieba); `quantities` finds
numbers with units and normalises them; `cues` and `suggest` match a checklist's cues against them and
suggest answers with the sentences behind them.
"""
