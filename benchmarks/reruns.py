"""Server time of one slider change: the explorer against a bare page, on real servers.

Both pages run in their own `streamlit run` process, started the normal way, and get the same
sequence of budget values from a client that speaks the browser's protocol. Pages take turns
(order rotated every round) so they share the machine's noise. Each change waits `THINK_S`
first, as a person does between two slider releases: a request sent the instant the previous
answer arrived takes ~25 ms longer on both pages (not Nagle's algorithm: asyncio sets
TCP_NODELAY on the server's connections; the cause is not traced, see README), so
back-to-back figures are printed apart, for information.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.Element_pb2 import Element

from .protocol import RerunFailed, Run, Session
from .server import ROOT, StreamlitServer
from .widgets import Value

THINK_S = 0.1
WARM_UP = 5
MEASURED = 40
BACK_TO_BACK = 12
RATIO_TARGET = 2.0


def _share_link_has(elements: list[Element], budget: int) -> bool:
    """The explorer's share link is rebuilt from the scenario on every results run."""
    return any(e.WhichOneof("type") == "code" and f"budget={budget}&" in e.code.code_text
               for e in elements)


def _chart_has(elements: list[Element], budget: int) -> bool:
    """The bare page's chart ends at 35 × budget."""
    return any(e.WhichOneof("type") == "plotly_chart" and str(35 * budget) in e.plotly_chart.spec
               for e in elements)


@dataclass(frozen=True)
class Page:
    """A page to time: its script, extra server flags, and how to see a change took effect."""

    name: str
    script: Path
    shows: Callable[[list[Element], int], bool]
    flags: tuple[str, ...] = ()
    url_path: str = ""  # the page of a multipage app, as in its URL ("stress")
    query: str = ""  # the link it is opened with
    # The widget a change moves and its value for the nth budget: the budget slider by default.
    moves: Callable[[int], dict[str, Value]] = lambda budget: {"budget": budget}


EXPLORER = Page("explorer", ROOT / "app.py", _share_link_has)
BARE = Page("bare page", ROOT / "benchmarks" / "bare_page.py", _chart_has)
# Streamlit's default, a full garbage collection after every run (the app's config turns it off).
EXPLORER_FORCED_GC = Page("explorer, --runner.postScriptGC true", ROOT / "app.py",
                          _share_link_has, ("--runner.postScriptGC", "true"))
CURRENCIES = ("EUR", "GBP", "HUF", "USD")


def _currency(budget: int) -> dict[str, Value]:
    """The compare page has no budget slider: it reruns in full on every edit, so a change of
    the frame's currency (a full rerun) stands in for one. The page remembers each scenario's
    analysis, so this times everything but the one analysis an edit adds (see make bench's
    engine figures for `strategy.analyse`)."""
    return {"currency": CURRENCIES[budget // 1000 % len(CURRENCIES)]}


def _compare_link_has(elements: list[Element], budget: int) -> bool:
    currency = _currency(budget)["currency"]
    return any(e.WhichOneof("type") == "code" and f"currency={currency}" in e.code.code_text
               for e in elements)


COMPARE = Page("compare page (four scenarios, a full rerun)", ROOT / "app.py", _compare_link_has,
               url_path="compare", query="A=Today&B=Churn+8%25&B.churn=0.08&C=Big+base"
               "&C.customers=50000&D=Dear+CAC&D.cac=300", moves=_currency)


def _churn_for(budget: int) -> float:
    """A churn for the nth budget, on 0.1% steps and new for 60 changes: the stress page
    remembers goal-seek answers across moves of the plan's budget and split, so it is timed
    on a change that makes it search again."""
    return round(0.02 + budget % 1000 % 60 * 0.001, 3)


def _churn(budget: int) -> dict[str, Value]:
    """Churn typed into its number box, in points (issue 15)."""
    return {"churn_points": round(_churn_for(budget) * 100, 10)}


def _share_link_has_churn(elements: list[Element], budget: int) -> bool:
    churn = _churn_for(budget)
    return any(e.WhichOneof("type") == "code" and f"&churn={churn!r}&" in e.code.code_text
               for e in elements)


STRESS = Page("stress page (four shocks, goal-seek; churn moves)", ROOT / "app.py",
              _share_link_has_churn, url_path="stress",
              query="shock_loss=0.25&launch_adoption=0.5&budget_cut=0.3&cac_inflation=0.5"
              "&goal_target=15000", moves=_churn)
PAGES = (EXPLORER, BARE, EXPLORER_FORCED_GC, STRESS, COMPARE)


@dataclass
class Timings:
    """Everything measured for one page."""

    open_s: float = 0.0  # first page load of the first session after the server started
    first_change: Run | None = None  # the first slider change after that (cold)
    changes: list[Run] = field(default_factory=list)  # measured, after the warm-up
    back_to_back: list[Run] = field(default_factory=list)  # sent with no pause (information)


def budgets() -> Iterator[int]:
    """51 000 … 59 000 and round again, plus the step's number (under 1 000): every value
    differs from the one before and from the default, so the browser would send each one, and
    `budget % 1000` counts the changes."""
    step = 0
    while True:
        yield 50_000 + 1_000 * (step % 9 + 1) + step % 1000
        step += 1


class OutOfTime(RuntimeError):
    """The benchmark ran past its time limit (a very busy machine, or a hung server)."""


def run(deadline: float, pages: tuple[Page, ...] = PAGES) -> dict[str, Timings]:
    """Start one server per page, time the changes, stop every server whatever happens."""
    results = {page.name: Timings() for page in pages}
    values = budgets()
    with ExitStack() as cleanup:
        servers = {}
        for page in pages:  # boot side by side, then wait for each
            server = StreamlitServer(page.script, page.flags, name=page.name)
            cleanup.callback(server.stop)
            server.launch()
            servers[page.name] = server
        for server in servers.values():
            server.wait_healthy()
        sessions: dict[str, Session] = {}
        for page in pages:
            session = Session(servers[page.name].port, page=page.url_path,
                              query_string=page.query)
            cleanup.callback(session.close)
            results[page.name].open_s = _step(servers[page.name], session.open).seconds
            sessions[page.name] = session

        def change(page: Page, budget: int, think: float = THINK_S) -> Run:
            time.sleep(think)
            session = sessions[page.name]
            outcome = _step(servers[page.name], lambda: session.change(page.moves(budget)))
            if not page.shows(session.last_elements, budget):
                raise RerunFailed(f"{page.name}: the run did not draw {page.moves(budget)}")
            return outcome

        budget = next(values)
        for page in pages:
            results[page.name].first_change = change(page, budget)
        for round_number in range(WARM_UP + MEASURED):
            _check(deadline)
            budget = next(values)
            turn = round_number % len(pages)
            for page in pages[turn:] + pages[:turn]:
                outcome = change(page, budget)
                if round_number >= WARM_UP:
                    results[page.name].changes.append(outcome)
        for page in (EXPLORER, BARE):
            for _ in range(BACK_TO_BACK):
                _check(deadline)
                results[page.name].back_to_back.append(change(page, next(values), think=0.0))
    return results


def _step(server: StreamlitServer, action: Callable[[], Run]) -> Run:
    """Run one exchange; on failure, say which server and show the end of its log."""
    try:
        return action()
    except (RerunFailed, TimeoutError, OSError) as error:
        time.sleep(0.5)  # let the server finish logging the traceback
        raise RerunFailed(f"{server.name}: {error}\nserver log:\n{server.log_tail()}") from error


def _check(deadline: float) -> None:
    if time.monotonic() > deadline:
        raise OutOfTime("the rerun benchmark ran out of time; is the machine very busy?")
