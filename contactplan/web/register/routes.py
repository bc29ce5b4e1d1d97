"""Add an interpreter to the case's register, or change one."""

from __future__ import annotations

from typing import Any

from flask import abort, request

from ...api import case_data
from ..naming import ids, new_interpreter_id
from ..pages import Edit, case_page, opened, save, stored, web
from ..picker import find_language, parse_tags, picked_language
from .forms import InterpreterForm


@web.route(
    "/cases/<reference:reference>/interpreters/add", methods=["GET", "POST"], endpoint="add_interpreter"
)
@web.route("/cases/<reference:reference>/interpreters/<interpreter_id>", methods=["GET", "POST"])
def interpreter(reference: str, interpreter_id: str | None = None) -> Any:
    current = stored(reference)
    case = opened(current).case
    data = case_data(case)
    item = next((i for i in data["interpreters"] if i["id"] == interpreter_id), None)
    if interpreter_id is not None and item is None:
        abort(404)
    form = InterpreterForm()
    if request.method == "GET":
        form.fill(item or {})
        form.version.data = str(current.version)
    else:
        form.know(item)
    form.known_to.offer([(m.id, m.name) for m in case.members], keep=(item or {}).get("known_to") or [])
    context: dict[str, Any] = {
        "found": None,
        "hint": None,
        "who_to_ask": "ask the interpreter or their agency",
    }

    def again(status: int, **extra: Any) -> Any:
        title = f"Change {item['name']}" if item else "Add an interpreter"
        return case_page(
            "register/interpreter.html",
            current,
            status,
            form=form,
            interpreter_id=interpreter_id,
            title=title,
            named=form.parsed_languages(),
            **context,
            **extra,
        )

    if "find" in request.form:
        find_language(form, context, spoken=True)
    elif "add_language" in request.form:
        picked = picked_language(form, context, spoken=True)
        if picked:
            typed = [t.strip() for t in (form.languages.data or "").split(",") if t.strip()]
            if picked not in typed:
                typed.append(picked)
            form.languages.data = ", ".join(typed)
    elif request.form.get("save"):
        if not form.validate():
            return again(400)

        def change(whole: dict[str, Any]) -> dict[str, Any]:
            register = whole["interpreters"]
            if interpreter_id is None:
                new = form.to_case({})
                new["id"] = new_interpreter_id(ids(whole, "interpreters"), new.get("name") or "")
                new["languages"] = parse_tags(form.languages.data)
                register.append(new)
            else:
                position = ids(whole, "interpreters").index(interpreter_id)
                changed = form.to_case(register[position])
                if changed.get("languages") != register[position].get("languages"):
                    changed["languages"] = parse_tags(form.languages.data)
                register[position] = changed
            return whole

        def where(whole: dict[str, Any]) -> list[str | int]:
            found = ids(whole, "interpreters")
            return [
                "interpreters",
                found.index(interpreter_id) if interpreter_id in found else len(found) - 1,
            ]

        name = " ".join((form.name.data or "").split())
        reason = form.why(
            f"Interpreter {name}: details changed"
            if interpreter_id
            else f"Interpreter {name} added to the register"
        )
        return save(current, Edit(form, change, reason, again, where))
    return again(200)
