"""The room page through AppTest: create, join, submit, reveal, and hostile input, no traceback."""

from __future__ import annotations

import json

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from streamlit.testing.v1 import AppTest

from apptest import page_text
from workshop import store

ROOM = "app_pages/room.py"


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'rooms.sqlite3'}"
    monkeypatch.setenv("ROOMS_DATABASE_URL", url)
    return url


def no_exception(app: AppTest) -> AppTest:
    assert not app.exception, [e.value for e in app.exception]
    return app


def create(open_app: Callable[..., AppTest]) -> tuple[str, str, AppTest]:
    app = no_exception(open_app(page=ROOM))
    app.button(key="room_create").click().run()
    no_exception(app)
    code = app.query_params["room"]
    code = code[0] if isinstance(code, list) else code
    # The key never stays in the address bar (a projected board would show it).
    assert "key" not in app.query_params
    return code, app.session_state["room_keys"][code], app


def join(open_app: Callable[..., AppTest], code: str, name: str, guess: int,
         churn: float | None = None) -> AppTest:
    phone = no_exception(open_app({"room": code}, page=ROOM))
    phone.text_input[0].input(name)
    if churn is not None:
        phone.number_input[0].set_value(churn)
    phone.slider[0].set_value(guess)
    phone.button[0].click().run()
    return no_exception(phone)


def test_create_join_submit_reveal(open_app: Callable[..., AppTest], database: str) -> None:
    code, token, board = create(open_app)
    assert len(code) == 6 and len(token) > 30
    assert any(f"Room {code}" in text for text in page_text(board))
    assert any("Nobody has submitted" in text for text in page_text(board))
    phones = [join(open_app, code, f"P{i}", 20 + 20 * i, churn=4.0 + i) for i in range(3)]
    saved = "Submitted. You can change it until the facilitator locks the room."
    assert [p.success[0].value for p in phones] == [saved] * 3
    # The phone shows nothing of the others'.
    assert not any("P1" in text for text in page_text(phones[0]))
    engine = store.prepare(create_engine(database))
    assert [e.submission.name for e in store.entries(engine, code)] == ["P0", "P1", "P2"]
    assert [e.submission.churn for e in store.entries(engine, code)] == [0.04, 0.05, 0.06]
    board.run()
    assert board.metric[0].value == "3"
    [before] = board.get("plotly_chart")
    assert len(json.loads(before.proto.spec)["data"]) == 1  # open: the guesses alone
    board.button(key="room_lock").click().run()
    no_exception(board)
    [locked] = board.get("plotly_chart")  # locked: on the curve, the answer not yet
    assert [trace["name"] for trace in json.loads(locked.proto.spec)["data"]] == [
        "NPV of profit", "Guesses"]
    assert "Model's best retention share" not in {metric.label for metric in board.metric}
    board.button(key="room_reveal").click().run()
    no_exception(board)
    labels = {metric.label: metric.value for metric in board.metric}
    assert labels["Room"] == "Revealed"
    assert labels["Model's best retention share"].endswith("%")
    assert "Best share on the team's median" in labels
    # The phone follows: the answer, its own guess and how far it was.
    phones[0].run()
    shown = {metric.label: metric.value for metric in phones[0].metric}
    assert shown["Your guess"] == "20.0%"
    assert shown["Model's best retention share"] == labels["Model's best retention share"]
    engine.dispose()


def test_hostile_input_gets_clear_messages(open_app: Callable[..., AppTest],
                                           database: str) -> None:
    code, token, _ = create(open_app)
    forged = no_exception(open_app({"room": code, "key": token[:-2] + "xx"}, page=ROOM))
    assert "facilitator link is not valid" in forged.error[0].value
    assert not [b for b in forged.button if b.key == "room_reveal"]
    guessed = no_exception(open_app({"room": "ZZZZZZ"}, page=ROOM))
    assert "no open room" in guessed.error[0].value
    junk = no_exception(open_app({"room": "<script>"}, page=ROOM))
    assert "no open room" in junk.error[0].value
    assert junk.text[0].value == "<script>"  # shown as text, never as markup
    scripted = "<script>alert(1)</script>"
    phone = join(open_app, code, scripted, 40)
    assert phone.success
    board = no_exception(open_app({"room": code, "key": token}, page=ROOM))
    assert board.button(key="room_reveal") and "key" not in board.query_params
    names = [row for frame in board.dataframe for row in frame.value.to_numpy().ravel()]
    assert scripted in names
    assert not any(scripted in text for text in page_text(board))  # not in any Markdown


def test_long_names_floods_and_a_full_room_are_told(open_app: Callable[..., AppTest],
                                                    database: str) -> None:
    code, _, _ = create(open_app)
    # The phone cannot type past 40 characters (a forged longer name is refused by
    # workshop.room.Submission: tests/workshop/test_room_rules.py).
    long = join(open_app, code, "x" * 41, 40)
    assert long.text_input[0].max_chars == 40
    assert long.text_input[0].value != "x" * 41
    phone = join(open_app, code, "Flood", 10)
    outcomes = []
    for guess in range(11, 22):
        phone.slider[0].set_value(guess)
        phone.button[0].click().run()
        no_exception(phone)
        outcomes.append("error" if phone.error else "success")
    # The first submission and 9 changes fit in the minute; the 11th and later wait.
    assert outcomes == ["success"] * 9 + ["error"] * 2
    assert "Too many submissions" in phone.error[0].value
    engine = store.prepare(create_engine(database))
    full, _ = store.create_room(engine, {}, cap=1)
    assert join(open_app, full.code, "First", 50).success
    late = join(open_app, full.code, "Second", 50)
    assert late.error[0].value == "This room is full (1 participants). Ask the facilitator."
    engine.dispose()


def test_board_chart_csv_and_report_keep_names_as_text() -> None:
    import strategy
    from ui import room_view as rv
    from ui.charts import format_value
    from ui.i18n import Translator
    from ui.takeaways import report_html
    from workshop import board
    from workshop.room import Entry, Room, Submission

    tr = Translator()
    scenario = strategy.Scenario()
    hostile = "<img src=x onerror=alert(1)>"
    entries = [Entry("a", Submission(name=hostile, retention_share=0.2, churn=0.04), 1, 0.0),
               Entry("b", Submission(name="=HYPERLINK(1)", retention_share=0.6), 2, 60.0)]
    hidden = rv.board_figure(entries, tr, None)
    assert len(hidden.data) == 1  # before the reveal: no curve, no answer
    assert list(hidden.data[0].y) == [1, 1] and hostile not in str(hidden.to_dict())
    shown = board.reveal(scenario, entries)
    locked = rv.board_figure(entries, tr, shown, answer=False)  # locked: the curve, no answer
    assert [trace.name for trace in locked.data] == ["NPV of profit", "Guesses"]
    assert list(locked.data[1].customdata) == [
        format_value(tr, "npv", shown.left_on_table(share)) for share in (0.2, 0.6)]
    assert not locked.layout.shapes  # neither the model's nor the team's best split
    figure = rv.board_figure(entries, tr, shown)
    curve, guesses, best = figure.data[:3]
    assert len(curve.x) == len(shown.curve)
    assert list(guesses.x) == [0.2, 0.6] and list(best.x) == [shown.best.best_share]
    assert list(guesses.y) == [shown.values[0.2], shown.values[0.6]]
    assert "&lt;img src=x onerror=alert(1)&gt;" in guesses.text
    assert figure.layout.shapes[0].x0 == shown.team.best_share
    rows = rv.submissions_csv(entries, tr, shown).decode("utf-8-sig").splitlines()
    assert rows[1].startswith(hostile + ",0.04,,,0.2,1970-01-01T00:00:00+00:00,1,")
    assert rows[2].startswith("'=HYPERLINK(1),")  # never a formula in a spreadsheet
    made = Room("ABCDEF", "hash", "{}", "revealed", 200, 0.0, 1.0)
    section = rv.report_section(made, entries, board.spreads(entries), shown, tr)
    report = report_html(scenario, "http://x/", tr, extra=[section])
    assert "Workshop room" in report and "Room ABCDEF" in report
    assert hostile not in report and "&lt;img src=x onerror=alert(1)&gt;" in report


def test_guessing_codes_is_stopped_after_twenty_a_minute(open_app: Callable[..., AppTest],
                                                         database: str) -> None:
    app = no_exception(open_app({"room": "ZZZZZ2"}, page=ROOM))
    for attempt in range(20):
        app.query_params["room"] = f"ZZZZ{attempt % 10}{attempt // 10 + 2}"
        app.run()
    assert "Too many room codes tried" in no_exception(app).error[0].value


def test_the_room_in_hungarian(open_app: Callable[..., AppTest], database: str) -> None:
    code, token, _ = create(open_app)
    phone = no_exception(open_app({"room": code, "lang": "hu"}, page=ROOM))
    assert phone.button(key="room_submit").label == "Beküldés"
    phone.slider[0].set_value(70)
    phone.button(key="room_submit").click().run()
    assert no_exception(phone).success[0].value.startswith("Beküldve.")
    board = no_exception(open_app({"room": code, "key": token, "lang": "hu"}, page=ROOM))
    board.button(key="room_reveal").click().run()
    labels = {metric.label: metric.value for metric in no_exception(board).metric}
    assert labels["Terem"] == "Felfedve" and labels["Csatlakoztak"] == "1"
    assert "A modell legjobb megtartási aránya" in labels
    phone.run()
    assert {m.label: m.value for m in no_exception(phone).metric}["A tipped"] == "70,0%"


def test_rooms_go_to_the_variable_else_the_secrets_else_a_local_file(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """AppTest's secrets do not reach st.connection (it reads the secrets file itself), so
    the choice is checked here: with the secrets' URL, st.connection is given none."""
    import streamlit as st

    from ui import room_view as rv

    class NoSecretsFile:
        def get(self, *_: object) -> None:
            raise FileNotFoundError("no secrets.toml")

    given = "postgresql+psycopg://u@db/rooms"
    monkeypatch.setenv("ROOMS_DATABASE_URL", given)
    monkeypatch.setattr(st, "secrets", {"connections": {"rooms": {"url": "other"}}})
    assert rv.database_url() == given
    monkeypatch.delenv("ROOMS_DATABASE_URL")
    assert rv.database_url() is None  # st.connection reads [connections.rooms] url
    monkeypatch.setattr(st, "secrets", {"connections": {"other": {"url": "x"}}})
    assert rv.database_url() == f"sqlite:///{rv.ROOT / '.data' / 'rooms.sqlite3'}"
    monkeypatch.setattr(st, "secrets", NoSecretsFile())
    assert rv.database_url().endswith("/.data/rooms.sqlite3")
