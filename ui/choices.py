"""The choices a model's field allows, read from its `Literal` type (no Streamlit): the pages
offer exactly what `strategy` accepts, with no hand-made copy to fall out of step."""

from __future__ import annotations

import types
import typing

from pydantic import BaseModel


def literal_choices(model: type[BaseModel], field: str) -> tuple[str, ...]:
    """The values of a field typed `Literal[...]` (or `Literal[...] | None`); () otherwise."""
    annotation = model.model_fields[field].annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        literals = [arg for arg in typing.get_args(annotation)
                    if typing.get_origin(arg) is typing.Literal]
        annotation = literals[0] if len(literals) == 1 else annotation
    return typing.get_args(annotation) if typing.get_origin(annotation) is typing.Literal else ()
