"""Reading field types: optional values and lists, as the flattening, the converter and imports see them."""

from __future__ import annotations

import types
from typing import Any, Union, get_args, get_origin

__all__ = ["list_item", "unwrap_optional"]


def unwrap_optional(kind: Any) -> tuple[Any, bool]:
    """``(X, True)`` for ``X | None``; ``(kind, False)`` for anything else."""
    if get_origin(kind) in (Union, types.UnionType):
        args = [a for a in get_args(kind) if a is not type(None)]
        if len(args) == 1 and len(get_args(kind)) == 2:
            return args[0], True
    return kind, False


def list_item(kind: Any) -> Any | None:
    """``X`` for ``tuple[X, ...]`` (how records hold lists); ``None`` for anything else."""
    args = get_args(kind)
    if get_origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0]
    return None
