"""Add a member of the family, or change one."""

from __future__ import annotations

from typing import Any

from flask import abort, request

from ...api import case_data
from ..filters import ROLES, language
from ..naming import ids, new_member_id
from ..pages import Edit, case_page, opened, save, stored, web
from ..picker import find_language, picked_language
from .forms import MemberForm


def _offer(form: MemberForm, item: dict[str, Any] | None) -> None:
    """The choices that depend on the case and on what is typed."""
    was = item or {}
    form.role.offer(ROLES.items(), keep=[was.get("role")])
    tags = [(row.form.tag.data or "").strip() for row in form.languages.entries]
    tags = [t for t in dict.fromkeys(tags) if t]
    for name, default in (
        ("preferred_spoken", "the highest level it is spoken"),
        ("preferred_written", "the highest level it is read"),
    ):
        field = getattr(form, name)
        field.offer(
            [("", f"Decide from the levels ({default})"), *((t, str(language(t))) for t in tags)],
            keep=[was.get(name)],
        )


def _empty_row(form: MemberForm) -> None:
    rows = form.languages.entries
    if not rows or (rows[-1].form.tag.data or "").strip():
        form.languages.append_entry({"tag": "", "speaks": "native", "reads": "none"})


@web.route("/cases/<reference:reference>/members/add", methods=["GET", "POST"], endpoint="add_member")
@web.route("/cases/<reference:reference>/members/<member_id>", methods=["GET", "POST"])
def member(reference: str, member_id: str | None = None) -> Any:
    current = stored(reference)
    data = case_data(opened(current).case)
    item = next((m for m in data["members"] if m["id"] == member_id), None)
    if member_id is not None and item is None:
        abort(404)
    form = MemberForm()
    context: dict[str, Any] = {"found": None, "hint": None}
    if request.method == "GET":
        form.fill(item or {"household": True, "interpreter": "auto"})
        form.version.data = str(current.version)
    else:
        form.know(item)

    def again(status: int, **extra: Any) -> Any:
        _empty_row(form)
        _offer(form, item)
        title = f"Change {item['name']}" if item else "Add a member of the family"
        return case_page(
            "members/member.html",
            current,
            status,
            form=form,
            member_id=member_id,
            title=title,
            **context,
            **extra,
        )

    _offer(form, item)
    if "find" in request.form:
        find_language(form, context)
    elif "add_language" in request.form:
        picked = picked_language(form, context)
        if picked:
            empty = next(
                (row for row in form.languages.entries if not (row.form.tag.data or "").strip()), None
            )
            if empty is None:
                form.languages.append_entry({"tag": picked, "speaks": "native", "reads": "none"})
            else:
                empty.form.tag.data = picked
    elif request.form.get("save"):
        if not form.validate():
            return again(400)

        def change(case: dict[str, Any]) -> dict[str, Any]:
            members = case["members"]
            if member_id is None:
                new = form.to_case({})
                new["id"] = new_member_id(ids(case, "members"), new.get("name") or "")
                members.append(new)
            else:
                position = ids(case, "members").index(member_id)
                members[position] = form.to_case(members[position])
            return case

        def where(case: dict[str, Any]) -> list[str | int]:
            found = ids(case, "members")
            return ["members", found.index(member_id) if member_id in found else len(found) - 1]

        name = " ".join((form.name.data or "").split())
        reason = form.why(f"{name}: details changed" if member_id else f"{name} added to the family")
        return save(current, Edit(form, change, reason, again, where))
    return again(200)
