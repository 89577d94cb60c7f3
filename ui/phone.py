"""On a phone the sidebar covers most of the screen: it closes once a change of its has been
answered, so the new answer is in view (Streamlit has no API to close it)."""

from __future__ import annotations

import streamlit as st

# A phone's width, where Streamlit draws the sidebar over the page instead of beside it.
NARROW_PX = 640
# Installed once a page: remembers whether the last press or key was in the sidebar (not on
# an expander's header, which reruns nothing), and when the rerun it caused has ended on a
# narrow screen, presses the sidebar's own close button.
_SCRIPT = """
<script>
(() => {
  if (window.__sidebarClosesOnPhone) return;
  window.__sidebarClosesOnPhone = true;
  let fromSidebar = false, armed = false;
  const mark = (event) => {
    const target = event.target instanceof Element ? event.target : null;
    fromSidebar = !!target && !!target.closest('[data-testid="stSidebar"]')
      && !target.closest('summary');
  };
  document.addEventListener("pointerdown", mark, true);
  document.addEventListener("keydown", mark, true);
  new MutationObserver(() => {
    const state = document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState;
    if (state === "running" && fromSidebar) armed = true;
    if (state !== "notRunning" || !armed) return;
    armed = fromSidebar = false;
    if (window.matchMedia("(max-width: NARROWpx)").matches) {
      document.querySelector('[data-testid="stSidebarCollapseButton"] button')?.click();
    }
  }).observe(document.body, {attributes: true, subtree: true,
                             attributeFilter: ["data-test-script-state"]});
})();
</script>
""".replace("NARROW", str(NARROW_PX))


def close_sidebar_after_changes() -> None:
    """Install the script (it holds no user input: nothing of a participant's reaches it)."""
    st.html(_SCRIPT, unsafe_allow_javascript=True)
