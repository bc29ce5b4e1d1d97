"""Two people's changes to one case, put together (no lost change).

Jo opened a form at version 4; Priya saved version 5 meanwhile. Jo's save
is Jo's change laid over version 4 (``mine``); :func:`merge` takes, key by
key, whatever only one of them changed, and lists the keys both changed to
different values as :class:`Clash` es for Jo to choose between (the page
shows both values). Nothing stale is ever written back: a key Jo didn't
change keeps Priya's value.

Plain case data throughout (:func:`contactplan.api.case_data`): mappings
merge key by key; lists of items with ids (members, interpreters, contacts,
letters) merge item by item; the list of acknowledgements merges entry by
entry (two people acknowledging two findings keep both); any other value
(a member's list of languages, a date) is one value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Clash", "merge", "path_key"]

#: Lists whose entries are items with an ``id``.
ITEM_LISTS = frozenset({"members", "interpreters", "contacts", "letters"})
#: Lists whose entries merge one by one (no ids, no order that matters).
ENTRY_LISTS = frozenset({"acknowledged"})
REMOVED = None


@dataclass(frozen=True)
class Clash:
    """One key both changed: where (``("members", "magda", "address")``;
    a whole item when one removed it and the other changed it), and the
    three values (``None`` for an item removed)."""

    path: tuple[str, ...]
    base: Any
    theirs: Any
    mine: Any

    @property
    def key(self) -> str:
        return path_key(self.path)


def path_key(path: tuple[str, ...]) -> str:
    """The path as one token for a form field's name (``members/magda/address``)."""
    return "/".join(path)


def merge(
    base: dict[str, Any], theirs: dict[str, Any], mine: dict[str, Any], chosen: dict[str, str] | None = None
) -> tuple[dict[str, Any], list[Clash]]:
    """``theirs`` with the changes of ``mine`` (both made from ``base``).
    ``chosen`` settles clashes already shown (``path key -> "mine" or
    "theirs"``); the clashes left are returned (the merged data holds their
    value for now)."""
    clashes: list[Clash] = []
    merged = _mapping(base, theirs, mine, (), clashes, chosen or {})
    open_clashes = [c for c in clashes if (chosen or {}).get(c.key) not in ("mine", "theirs")]
    return merged, open_clashes


def _value(
    base: Any, theirs: Any, mine: Any, path: tuple[str, ...], clashes: list[Clash], chosen: dict[str, str]
) -> Any:
    if mine == base:
        return theirs
    if theirs in (base, mine):
        return mine
    if isinstance(base, dict) and isinstance(theirs, dict) and isinstance(mine, dict):
        return _mapping(base, theirs, mine, path, clashes, chosen)
    if path and path[-1] in ITEM_LISTS and all(isinstance(x, list) for x in (base, theirs, mine)):
        return _items(base, theirs, mine, path, clashes, chosen)
    if path and path[-1] in ENTRY_LISTS and all(isinstance(x, list) for x in (base, theirs, mine)):
        return _entries(base, theirs, mine)
    clash = Clash(path, base, theirs, mine)
    clashes.append(clash)
    return mine if chosen.get(clash.key) == "mine" else theirs


def _mapping(
    base: dict[str, Any],
    theirs: dict[str, Any],
    mine: dict[str, Any],
    path: tuple[str, ...],
    clashes: list[Clash],
    chosen: dict[str, str],
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in [*theirs, *(k for k in mine if k not in theirs)]:
        value = _value(base.get(key), theirs.get(key), mine.get(key), (*path, key), clashes, chosen)
        out[key] = value
    return out


def _items(
    base: list[Any],
    theirs: list[Any],
    mine: list[Any],
    path: tuple[str, ...],
    clashes: list[Clash],
    chosen: dict[str, str],
) -> list[Any]:
    def by_id(items: list[Any]) -> dict[str, Any]:
        return {str(item.get("id")): item for item in items if isinstance(item, dict)}

    b, t, m = by_id(base), by_id(theirs), by_id(mine)
    out: list[Any] = []
    for ident, their_item in t.items():
        if ident in b and ident not in m:  # I removed it
            if their_item == b[ident]:
                continue
            clash = Clash((*path, ident), b[ident], their_item, REMOVED)
            clashes.append(clash)
            if chosen.get(clash.key) != "mine":
                out.append(their_item)
            continue
        if ident not in m:
            out.append(their_item)  # they added it, or I never had it
            continue
        if ident not in b:  # both added the same id (ids are made unique before this)
            out.append(_value({}, their_item, m[ident], (*path, ident), clashes, chosen))
            continue
        out.append(_value(b[ident], their_item, m[ident], (*path, ident), clashes, chosen))
    for ident, my_item in m.items():
        if ident in t:
            continue
        if ident in b:  # they removed it
            if my_item == b[ident]:
                continue
            clash = Clash((*path, ident), b[ident], REMOVED, my_item)
            clashes.append(clash)
            if chosen.get(clash.key) == "mine":
                out.append(my_item)
            continue
        out.append(my_item)  # I added it
    return out


def _entries(base: list[Any], theirs: list[Any], mine: list[Any]) -> list[Any]:
    added = [x for x in mine if x not in base and x not in theirs]
    removed = [x for x in base if x not in mine]
    return [x for x in theirs if x not in removed] + added
