"""The base of every checklist model: strict (unknown keys refused), frozen, and the constrained strings they share.
Apart from hia_rules/model.py so that the parts of a checklist defined elsewhere (drafting cues) build on it
without importing the checklist itself."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_.\-]*$", max_length=80)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
