"""Streamlit entry point (`streamlit run ui/app.py`): picks the view kept in the URL and draws it."""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run ui/app.py` puts ui/ on sys.path, not the project root; `ui.*` imports need the root.
ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import streamlit as st  # noqa: E402

from ui import client, interview_view, search_view, state  # noqa: E402
from ui.render import inject_css, md_escape  # noqa: E402

ICON = Path(__file__).resolve().parent / "icon.png"
WIDGET_FIELDS = ("q", "mode", "by", "limit", "cohort", "group", "style", "occ", "min_match", "cf", "cv")


def pull_widgets() -> None:
    """Copy this run's widget values into the state first, so every API call sees the latest input."""
    for name in WIDGET_FIELDS:
        key = f"w_{name}"
        if key in st.session_state:
            state.store(name, st.session_state[key])


def link_warning() -> None:
    """Say which parts of the opening link were ignored (the URL itself is rewritten without them)."""
    found = state.ignored()
    if found:
        st.warning(md_escape("Part of this link was not understood and is ignored: "
                             + "; ".join(i.describe() for i in found) + "."), icon=":material/link_off:")


def main() -> None:
    # A file beside the app, not a Material icon: that favicon is fetched from fonts.gstatic.com on
    # every load, which fails offline and behind the firewalls this tool is built for.
    st.set_page_config(page_title="Interview archive", page_icon=str(ICON), layout="wide")
    inject_css()
    api = client.from_env()
    s = state.get()
    pull_widgets()
    link_warning()
    try:
        if s.view == "interview":
            interview_view.render(api)
        else:
            search_view.render(api)
    except client.ApiUnreachable as exc:
        st.error(md_escape(exc.message), icon=":material/cloud_off:")
        st.button("Try again")
    except client.ApiError as exc:
        prefix = f"The API said ({exc.status}): " if exc.status else "The API said: "
        # (The interview view draws its "Back to search" first, so an error there already has one.)
        st.error(md_escape(prefix + exc.message), icon=":material/error:")
    finally:
        state.sync_url()


main()
