"""Shared vocabulary of the reference and province models.

Every user-visible name is a bilingual :class:`Label`; every fact carries where it
comes from (:class:`SourceRef`) and how sure we are of it (:class:`Provenance`).
"""


from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
"""Ids are slugs with dots and dashes; a prefix says which model owns them (``ictrf.L3``, ``quang-tri.lgsp``)."""

Identifier = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=120),
    Field(description="Stable identifier: letters, digits, '.', '-', '_'."),
]
"""An id that is referenced elsewhere and so must never change once published."""

CheckCode = Annotated[
    str,
    StringConstraints(pattern=r"^ICT[0-9]{3}$"),
    Field(description="A check code such as ICT201."),
]

Year = Annotated[int, Field(ge=1990, le=2100, description="A calendar year.")]


class Strict(BaseModel):
    """Base of every model: unknown keys are errors and loaded models never change."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Label(Strict):
    """A name in Vietnamese (the official term, required) and English."""

    vi: str = Field(min_length=1, description="Vietnamese text; the official term where one exists.")
    en: str | None = Field(default=None, description="English text.")

    def text(self, lang: str = "vi") -> str:
        """The text in ``lang``, falling back to Vietnamese where no translation exists."""
        if lang == "en" and self.en:
            return self.en
        return self.vi


class Provenance(StrEnum):
    """How sure a fact is. Only verified and secondary facts may carry a mandatory rule."""

    VERIFIED = "verified"
    SECONDARY = "secondary"
    UNVERIFIED = "unverified"
    ILLUSTRATIVE = "illustrative"


class SourceRef(Strict):
    """Where a fact is stated: a reference document id (or a province source id) and the clause."""

    document: Identifier = Field(description="Id of a reference document or of a source listed in the model.")
    section: str | None = Field(default=None, description="Article, section or clause, e.g. 'Điều 4', '§I.3'.")
    note: str | None = Field(default=None, description="What the source says, or why it is cited.")


class Period(Strict):
    """A span of calendar years, both ends included."""

    start: Year
    end: Year
