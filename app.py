"""Acquire or Retain? Entry script: page config, the shared frame, and the navigation.

Pages live in `app_pages/`, not `pages/`: a `pages/` folder would switch Streamlit to its legacy
router and break deep links (see README).
"""

import streamlit as st

from ui.frame import warm_start
from ui.language import choose_language_and_currency
from ui.link_check import check_link

st.set_page_config(page_title="Acquire or Retain?", page_icon=":material/balance:", layout="wide")
warm_start()
check_link()
tr = choose_language_and_currency()
st.set_page_config(page_title=tr("app.title"))

page = st.navigation([
    st.Page("app_pages/explorer.py", title=tr("nav.explorer"), icon=":material/balance:",
            default=True),
    st.Page("app_pages/stress.py", title=tr("nav.stress"), icon=":material/bolt:",
            url_path="stress"),
    st.Page("app_pages/compare.py", title=tr("nav.compare"), icon=":material/compare_arrows:",
            url_path="compare"),
    st.Page("app_pages/uncertainty.py", title=tr("nav.uncertainty"), icon=":material/bar_chart:",
            url_path="uncertainty"),
    st.Page("app_pages/calibrate.py", title=tr("nav.calibrate"), icon=":material/upload_file:",
            url_path="calibrate"),
    st.Page("app_pages/room.py", title=tr("nav.room"), icon=":material/groups:", url_path="room"),
])
page.run()
