"""The web page for practitioners (``contactplan serve``, ``docs/web.md``).

A Flask application over :mod:`contactplan.store` and the public API
(:mod:`contactplan.api`): the page has no rules of its own. Findings,
letters, calendar files and proposals all come from the library, exactly as
the command line gets them; the page only turns forms into case data and
back.

- One blueprint (:mod:`.pages`, with what every page needs) and one package
  a journey (``cases``, ``members``, ``contacts``, ``letters``,
  ``planning``, ``register``, ``settings``, ``accounts``, ``admin``), each with its
  routes, forms and templates.
- Pages use the GOV.UK Design System (the ``govuk-frontend`` package's built
  CSS and JS in ``static/govuk/``); each form field draws its own component
  (:mod:`.fields`, ``templates/components.html``). They work without JavaScript.
- A form's fields are the case file's keys: it maps itself to the case model
  and back (:mod:`.mapping`), through the case file reader but never YAML text.
- Every form carries a CSRF token (Flask-WTF) and the case version it
  started from: when someone else saved first, the two changes are put
  together key by key, and where both changed the same thing the page shows
  both values and the user chooses (:mod:`.merge`, :func:`.pages.save`).
- Access: local accounts (``contactplan users``) with sessions held by the
  store (:mod:`contactplan.store.sessions`) and sign-in throttled by client,
  or a header set by a single sign-on proxy (``trust_header``, with its
  secret). Every page reads the store as the signed-in person
  (:func:`.pages.current_actor`): a case they may not see is "Page not
  found"; views, downloads and refusals are in the audit. Administrators
  and auditors have their pages in the ``admin`` journey.
- Responses carry a Content-Security-Policy with no inline script, and no
  family names are written to the logs.

Import this package only to serve: it imports Flask.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
