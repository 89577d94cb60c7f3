"""`make bench` (`python -m benchmarks`): engine medians, server rerun times, browser times of a
slider change (`browser.py`, headless Chromium), the workshop room's submit and board refresh
(`room_load.py`), then the order reader.

Prints figures with PASS/MISS beside the targets and exits 0 either way (timings on a shared
machine are not tests); exits 1 only if something could not be measured (a page raised or
showed an error, a server did not start, time ran out). Servers are always stopped.
"""

from __future__ import annotations

import signal
import sys
import time
from types import FrameType

from . import browser, engine, orders, reruns, room_load
from .protocol import RerunFailed
from .server import ServerFailed
from .stats import NAME_WIDTH, Summary, ratio_line, timing_line, value_line

TIME_LIMIT_S = 240.0  # engine + reruns + browser (raised from 150 s for the browser section)


def _stop_on_sigterm(number: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # unwinds the `with` blocks, which stop the servers


def report_reruns(results: dict[str, reruns.Timings]) -> None:
    explorer = results[reruns.EXPLORER.name]
    bare = results[reruns.BARE.name]
    print(f"\nServer time of one rerun after a budget-slider change: {reruns.MEASURED} changes "
          f"per page after {reruns.WARM_UP} warm-up ones, pages interleaved,\n"
          f"  servers started normally (`streamlit run`), websocket on 127.0.0.1, "
          f"{reruns.THINK_S * 1000:g} ms pause before each change")
    bare_summary = Summary.of([run.seconds for run in bare.changes])
    explorer_summary = Summary.of([run.seconds for run in explorer.changes])
    print(timing_line("bare page (same sidebar widgets, one small chart)", bare_summary))
    print(timing_line("explorer", explorer_summary))
    print(ratio_line("explorer ÷ bare page (medians)", explorer_summary.median_ms
                     / bare_summary.median_ms, reruns.RATIO_TARGET))
    for page in (reruns.STRESS, reruns.COMPARE):
        timings = results.get(page.name)
        if timings is not None:
            summary = Summary.of([run.seconds for run in timings.changes])
            print(timing_line(page.name, summary))
            print(ratio_line(f"{page.name.split(' (')[0]} ÷ bare page (medians)",
                             summary.median_ms / bare_summary.median_ms, reruns.RATIO_TARGET))
    runs = " + ".join(status.removeprefix("FINISHED_").lower()
                      for status in explorer.changes[-1].finished)
    print(f"  {'':<{NAME_WIDTH}} explorer runs per change: {runs}; "
          f"{explorer.changes[-1].elements} elements, "
          f"{explorer.changes[-1].bytes_received / 1000:.0f} kB")

    print("\nFor information")
    print(value_line("explorer: first page load after a normal start", explorer.open_s * 1000,
                     "(imports, warm_start: first figure and gc.freeze)"))
    assert explorer.first_change is not None
    print(value_line("explorer: first slider change after that", explorer.first_change.seconds
                     * 1000))
    forced_gc = results.get(reruns.EXPLORER_FORCED_GC.name)
    if forced_gc is not None:
        print(timing_line("explorer, with Streamlit's default --runner.postScriptGC true",
                          Summary.of([run.seconds for run in forced_gc.changes])))
    for name, timings in (("bare page", bare), ("explorer", explorer)):
        print(timing_line(f"{name}, each change sent as the last run ends",
                          Summary.of([run.seconds for run in timings.back_to_back])))


def main() -> int:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    started = time.monotonic()
    engine.run()
    try:
        results = reruns.run(deadline=started + TIME_LIMIT_S)
    except (reruns.RerunFailed, reruns.OutOfTime, ServerFailed) as error:
        print(f"\nCould not measure the reruns: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nInterrupted; the servers were stopped.", file=sys.stderr)
        return 130
    report_reruns(results)
    try:
        print("\n".join(browser.report(browser.run(deadline=started + TIME_LIMIT_S))))
    except (browser.BrowserBenchFailed, ServerFailed) as error:
        print(f"\nCould not measure in the browser: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nInterrupted; the servers and the browser were stopped.", file=sys.stderr)
        return 130
    try:
        print("\n".join(room_load.bench(Summary.of(
            [run.seconds for run in results[reruns.BARE.name].changes]).median_ms)))
    except (RerunFailed, ServerFailed, AssertionError) as error:
        print(f"\nCould not measure the workshop room: {error}", file=sys.stderr)
        return 1
    print()
    orders.run()
    print(f"\n({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
