"""The case's settings: who letters come from, and the lead practitioner."""

from __future__ import annotations

from typing import Any

from flask import request

from ...api import case_data
from ..pages import Edit, case_page, opened, save, stored, web
from .forms import SettingsForm


@web.route("/cases/<reference:reference>/settings", methods=["GET", "POST"])
def settings(reference: str) -> Any:
    current = stored(reference)
    item = case_data(opened(current).case)["case"]
    form = SettingsForm()
    if request.method == "GET":
        form.fill(item)
        form.version.data = str(current.version)
    else:
        form.know(item)

    def again(status: int, **extra: Any) -> Any:
        return case_page("settings/settings.html", current, status, form=form, **extra)

    if request.form.get("save"):
        if not form.validate():
            return again(400)

        def change(whole: dict[str, Any]) -> dict[str, Any]:
            whole["case"] = form.to_case(whole["case"])
            return whole

        reason = form.why("Case settings changed: who letters come from")
        return save(current, Edit(form, change, reason, again, lambda _: ["case"]))
    return again(200)
