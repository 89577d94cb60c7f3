"""Issue 15: the sliders whose values run over orders of magnitude can be dragged (a
logarithmic scale around the value), exact values from links and files stay exact and are
shown, and old links mean the same: customers and budget (a number box bound to the URL),
churn, churn floor and the growth target (a number box in points, synced by hand)."""

from __future__ import annotations

from itertools import pairwise
from urllib.parse import parse_qs, urlsplit

import pytest

import strategy
from ui.controls import HELD, points_key, scale_key
from ui.fields import CONTROLS, MANTISSAS, SCALE_UNITS, ladder, scale_options, step_at
from ui.i18n import Translator

from apptest import kpis

LOG_FIELDS = ("customers", "budget", "churn", "churn_floor", "growth_target")
SHARES = ("churn", "churn_floor", "growth_target")
STRESS = "app_pages/stress.py"  # where the growth target's widgets are drawn


def share_query(app) -> dict[str, list[str]]:
    """The parameters of the Share link the page shows."""
    [link] = [code.value for code in app.code if "customers=" in code.value]
    return parse_qs(urlsplit(link).query)


def page_of(field: str) -> str | None:
    return STRESS if field == "growth_target" else None


def default(field: str) -> float:
    return strategy.Scenario.model_fields[field].default


def test_every_slider_over_orders_of_magnitude_is_logarithmic() -> None:
    """A linear slider over 1,000 steps of a count or an amount is what issue 15 is about
    (customers: 100,000 steps, budget: 100,000), and a churn floor of 1% on a linear 0–50%
    track sat at 2% of it. What stays linear has at most 250 steps (a 6-pixel drag on a
    230-pixel track moves it by 6 or fewer) and a default away from its left end unless that
    end means off (a shock of size 0)."""
    assert {c.field for c in CONTROLS if c.widget == "log_slider"} == set(LOG_FIELDS)
    assert HELD == {*SHARES, "cac_multiplier"}
    for control in CONTROLS:
        if control.widget in ("slider", "select_slider"):
            low, high = control.bounds()
            assert (high - low) / control.step <= 250, control.field
            assert control.default == low or (control.default - low) / (high - low) >= 0.05, \
                control.field


@pytest.mark.parametrize("field", LOG_FIELDS)
def test_the_ladder_covers_the_field_in_small_relative_steps(field: str) -> None:
    low, high = strategy.field_bounds(field)
    rungs = ladder(field)
    assert rungs[0] == low and rungs[-1] == high and rungs == tuple(sorted(set(rungs)))
    unit = SCALE_UNITS[field]
    away_from_zero = [abs(rung) for rung in rungs if abs(rung) >= 10 * unit]
    steps = [b / a for a, b in pairwise(sorted(set(away_from_zero)))]
    assert max(steps) <= 1.1 + 1e-9  # an arrow key: at most 10%
    assert min(steps) > 1.0
    assert len(MANTISSAS) == 35  # rungs a decade: 10–20 by 1, 20–50 by 2, 50–100 by 5


@pytest.mark.parametrize("field", LOG_FIELDS)
@pytest.mark.parametrize("share", [0, 0.0007, 0.001, 0.002345, 0.01, 0.0523, 0.45])
def test_the_scale_spans_a_decade_either_side_and_holds_the_exact_value(
        field: str, share: float) -> None:
    """`share` of the field's range above its lowest value (0.002345: an exact value off the
    ladder)."""
    low, high = strategy.field_bounds(field)
    value = low + share * (high - low)
    value = round(value) if isinstance(default(field), int) else value
    options = scale_options(field, value)
    assert value in options and options == sorted(set(options))
    if value > 100 * SCALE_UNITS[field]:
        assert options[0] <= value / 10 and options[-1] >= min(high, value * 10)
        assert options[0] >= value / 11 and options[-1] <= value * 11  # no wider


@pytest.mark.parametrize("field", LOG_FIELDS)
def test_the_default_thumb_sits_well_inside_the_track(open_app, field: str) -> None:
    """Before, 10,000 of 0–10,000,000 and 50,000 of 0–100,000,000 sat at 0.1% and 0.05%, a
    1% churn floor at 2% of 0–50%."""
    app = open_app(page=page_of(field))
    scale = app.select_slider(key=scale_key(field))
    assert scale.value == default(field)
    position = scale.options.index(scale.format_func(default(field))) / (len(scale.options) - 1)
    assert 0.4 <= position <= 0.6


def test_the_number_inputs_step_by_a_small_share_of_the_value() -> None:
    """The arrow keys in a number box: about 1% (a 1-2-5 number), never less than the field's
    own step, so 5,000,000 does not move by 1,000 nor 2,000 by 1,000."""
    budget = next(control for control in CONTROLS if control.field == "budget")
    market = next(control for control in CONTROLS if control.field == "market")
    assert step_at(budget, 50_000) == 1000 and step_at(budget, 5_000_000) == 50_000
    assert step_at(market, 50_000_000) == 500_000 and step_at(market, None) == market.step
    for control in CONTROLS:
        if control.relative_step:
            for value in (1, 37, 1_234, 23_457, 5_000_000):
                step = step_at(control, value)
                assert step == control.step or step <= value / 100
                assert isinstance(step, type(control.step))


def test_exact_values_from_a_link_are_kept_and_shown(open_app) -> None:
    app = open_app({"customers": "23457", "budget": "83123"})
    assert not app.exception and not app.warning
    for field, value, shown in (("customers", 23_457, "23,457"), ("budget", 83_123, "83,123")):
        assert app.number_input(key=field).value == value
        scale = app.select_slider(key=scale_key(field))
        assert scale.value == value and scale.format_func(value) == shown
    query = share_query(app)
    assert query["customers"] == ["23457"] and query["budget"] == ["83123"]
    expected = strategy.best_split(strategy.Scenario(customers=23_457, budget=83_123))
    assert kpis(app)["Best retention share"] == Translator().percent(expected.best_share)


def test_a_link_of_an_earlier_version_opens_the_same_scenario(open_app) -> None:
    """`?customers=25000&budget=120000` (written by the linear sliders) means what it meant."""
    app = open_app({"customers": "25000", "budget": "120000"})
    assert not app.warning
    assert app.number_input(key="customers").value == 25_000
    assert app.number_input(key="budget").value == 120_000
    expected = strategy.best_split(strategy.Scenario(customers=25_000, budget=120_000))
    assert kpis(app)["Best retention share"] == Translator().percent(expected.best_share)
    query = share_query(app)
    assert query["customers"] == ["25000"] and query["budget"] == ["120000"]


def test_moving_the_scale_sets_the_field_and_the_scale_follows(open_app) -> None:
    app = open_app()
    app.select_slider(key=scale_key("budget")).set_value(200_000).run()
    assert app.number_input(key="budget").value == 200_000
    assert share_query(app)["budget"] == ["200000"]
    scale = app.select_slider(key=scale_key("budget"))
    assert scale.value == 200_000
    assert scale.options[0] == scale.format_func(20_000)  # recentred: a decade either side
    assert scale.options[-1] == scale.format_func(2_000_000)


def test_typing_an_exact_number_moves_the_scale(open_app) -> None:
    app = open_app()
    app.number_input(key="customers").set_value(123_457).run()
    scale = app.select_slider(key=scale_key("customers"))
    assert scale.value == 123_457 and scale.format_func(123_457) in scale.options
    assert share_query(app)["customers"] == ["123457"]
    moved = scale.options.index(scale.format_func(123_457))
    assert 0.4 <= moved / (len(scale.options) - 1) <= 0.6


def test_an_exact_value_from_a_scenario_file_is_kept(open_app) -> None:
    """Loading a file writes each field into session state (`save_load._load`), as here."""
    app = open_app()
    app.session_state["customers"] = 23_457
    app.session_state["budget"] = 83_123
    app.run()
    assert app.number_input(key="customers").value == 23_457
    assert app.select_slider(key=scale_key("budget")).value == 83_123
    assert share_query(app)["budget"] == ["83123"]


def test_the_scale_is_labelled_in_both_languages(open_app) -> None:
    for language, words in (("en", "logarithmic scale"), ("hu", "logaritmikus skálán")):
        app = open_app({"lang": language, "customers": "23457"})
        scale = app.select_slider(key=scale_key("customers"))
        assert words in scale.label
        assert app.number_input(key="customers").help.endswith(
            Translator(language)("field.scale_help"))
        shown = scale.format_func(23_457)
        assert shown == Translator(language).number(23_457) and shown in scale.options


@pytest.mark.parametrize("text", ["-5", "1e9", "abc"])
def test_a_bad_budget_in_a_link_is_named_and_the_widgets_agree(open_app, text: str) -> None:
    app = open_app({"budget": text})
    assert not app.exception
    [notice] = [warning.value for warning in app.warning]
    assert "budget" in notice and "using 50,000" in notice
    assert app.number_input(key="budget").value == 50_000
    assert app.select_slider(key=scale_key("budget")).value == 50_000
    assert share_query(app)["budget"] == ["50000"]


def test_switching_the_language_keeps_the_exact_value_on_the_slider(open_app) -> None:
    """The slider's labels are the language's numbers (23,457 → 23 457): the value it holds
    must not fall back to its first option when they change."""
    app = open_app({"customers": "23457", "lang": "en"})
    app.radio(key="lang").set_value("hu").run()
    assert not app.exception
    scale = app.select_slider(key=scale_key("customers"))
    assert scale.value == 23_457 and scale.format_func(23_457) == Translator("hu").number(23_457)
    assert app.number_input(key="customers").value == 23_457
    assert share_query(app)["customers"] == ["23457"]


# --- Percentages: a number box in points, synced with the URL by hand -----------------------


def test_an_exact_share_from_a_link_is_kept_and_shown(open_app) -> None:
    app = open_app({"churn": "0.01234", "churn_floor": "0.0025"})
    assert not app.exception and not app.warning
    box = app.number_input(key=points_key("churn"))
    assert box.value == 1.234 and box.proto.format == "%.3f" and box.label == "Monthly churn (%)"
    assert app.number_input(key=points_key("churn_floor")).proto.format == "%.2f"
    scale = app.select_slider(key=scale_key("churn"))
    assert scale.value == 0.01234 and scale.format_func(0.01234) == "1.23%"
    query = share_query(app)
    assert query["churn"] == ["0.01234"] and query["churn_floor"] == ["0.0025"]
    assert app.query_params["churn"] == "0.01234"
    expected = strategy.best_split(strategy.Scenario(churn=0.01234, churn_floor=0.0025))
    assert kpis(app)["Best retention share"] == Translator().percent(expected.best_share)


def test_a_share_link_of_an_earlier_version_opens_the_same_scenario(open_app) -> None:
    """`?churn=0.04&churn_floor=0.015` (written by the linear sliders) means what it meant."""
    app = open_app({"churn": "0.04", "churn_floor": "0.015", "customers": "25000"})
    assert not app.warning
    assert app.number_input(key=points_key("churn")).value == 4.0
    assert app.number_input(key=points_key("churn")).proto.format == "%.1f"
    assert app.number_input(key=points_key("churn_floor")).value == 1.5
    expected = strategy.best_split(strategy.Scenario(churn=0.04, churn_floor=0.015,
                                                     customers=25_000))
    assert kpis(app)["Best retention share"] == Translator().percent(expected.best_share)
    assert share_query(app)["churn"] == ["0.04"]


def test_typing_points_sets_the_share_the_link_and_the_scale(open_app) -> None:
    app = open_app()
    app.number_input(key=points_key("churn")).set_value(7.5).run()
    assert not app.exception
    assert app.query_params["churn"] == "0.075" and share_query(app)["churn"] == ["0.075"]
    scale = app.select_slider(key=scale_key("churn"))
    assert scale.value == 0.075
    assert scale.options[0] == scale.format_func(0.0075)  # recentred: a decade either side
    expected = strategy.best_split(strategy.Scenario(churn=0.075))
    assert kpis(app)["Best retention share"] == Translator().percent(expected.best_share)
    app.number_input(key=points_key("churn")).set_value(5.0).run()  # the default again
    assert "churn" not in app.query_params and share_query(app)["churn"] == ["0.05"]


def test_moving_a_share_scale_sets_the_box_and_the_link(open_app) -> None:
    app = open_app()
    app.select_slider(key=scale_key("churn_floor")).set_value(0.013).run()
    assert app.number_input(key=points_key("churn_floor")).value == 1.3
    assert app.query_params["churn_floor"] == "0.013"
    assert share_query(app)["churn_floor"] == ["0.013"]


def test_a_share_from_a_scenario_file_is_kept(open_app) -> None:
    """Loading a file writes each field into session state (`save_load._load`), as here."""
    app = open_app()
    app.session_state["churn"] = 0.0421
    app.run()
    assert app.number_input(key=points_key("churn")).value == 4.21
    assert app.select_slider(key=scale_key("churn")).value == 0.0421
    assert app.query_params["churn"] == "0.0421" and share_query(app)["churn"] == ["0.0421"]


@pytest.mark.parametrize("text", ["-0.1", "0.9", "abc"])
def test_a_bad_churn_in_a_link_is_named_and_the_widgets_agree(open_app, text: str) -> None:
    app = open_app({"churn": text})
    assert not app.exception
    [notice] = [warning.value for warning in app.warning]
    assert "churn" in notice.lower() and "using 5.0%" in notice
    assert app.number_input(key=points_key("churn")).value == 5.0
    assert app.select_slider(key=scale_key("churn")).value == 0.05
    assert "churn" not in app.query_params and share_query(app)["churn"] == ["0.05"]


def test_a_churn_floor_above_churn_in_a_link_shows_what_is_used(open_app) -> None:
    """Before, the floor's slider showed the link's 8% while the model used 3%."""
    app = open_app({"churn": "0.03", "churn_floor": "0.08"})
    [notice] = [warning.value for warning in app.warning]
    assert "floor" in notice.lower()
    assert app.number_input(key=points_key("churn_floor")).value == 3.0
    assert share_query(app)["churn_floor"] == ["0.03"]


def test_the_growth_target_runs_below_zero_on_the_stress_page(open_app) -> None:
    app = open_app({"growth_target": "-0.05"}, page=STRESS)
    assert not app.exception and not app.warning
    assert app.number_input(key=points_key("growth_target")).value == -5.0
    scale = app.select_slider(key=scale_key("growth_target"))
    assert scale.value == -0.05 and scale.format_func(-0.05) == "-5.0%"
    assert scale.options[0] == scale.format_func(-0.5)
    assert scale.options[-1] == scale.format_func(0.0)  # 35 rungs up: -4.8%, …, -0.1%, 0
    app.select_slider(key=scale_key("growth_target")).set_value(-0.01).run()
    assert app.query_params["growth_target"] == "-0.01"
    assert app.number_input(key=points_key("growth_target")).value == -1.0


def test_share_boxes_read_the_same_in_hungarian(open_app) -> None:
    app = open_app({"lang": "hu", "churn": "0.0425"})
    scale = app.select_slider(key=scale_key("churn"))
    assert scale.format_func(0.0425) == Translator("hu").percent(0.0425, 2)
    assert app.number_input(key=points_key("churn")).label.endswith("(%)")
    app.radio(key="lang").set_value("en").run()
    assert app.number_input(key=points_key("churn")).value == 4.25
    assert app.query_params["churn"] == "0.0425"


# --- Widgets in the app's language (issue 18: "7.0×", "150.00" on a Hungarian page) ----------


def test_the_multiplier_slider_speaks_the_language_and_keeps_exact_values(open_app) -> None:
    app = open_app({"lang": "hu", "cac_multiplier": "7.25"})
    assert not app.exception and not app.warning
    slider = app.select_slider(key=scale_key("cac_multiplier"))
    assert slider.value == 7.25 and slider.format_func(7.25) == "7,25×"
    assert slider.format_func(7.0) == "7,0×" and slider.options[0] == "1,0×"
    assert len(slider.options) == 192 and slider.options[-1] == "20,0×"  # 1–20 by 0.1, and 7.25
    assert share_query(app)["cac_multiplier"] == ["7.25"]
    slider.set_value(12.0).run()
    assert app.query_params["cac_multiplier"] == "12.0"
    expected = strategy.best_split(strategy.Scenario(cac_multiplier=12.0))
    assert kpis(app)["Legjobb megtartási arány"] == Translator("hu").percent(expected.best_share)


@pytest.mark.parametrize(("text", "shown_format"), [(None, "%.0f"), ("150.5", "%.1f"),
                                                     ("149.99", "%.2f")])
def test_money_boxes_show_the_decimals_the_value_needs(open_app, text, shown_format) -> None:
    """150, not 150.00 (a sprintf format cannot write Hungarian's decimal comma)."""
    app = open_app({"lang": "hu"} | ({"cac": text} if text else {}))
    box = app.number_input(key="cac")
    assert box.proto.format == shown_format
    assert box.value == (float(text) if text else 150.0)
    assert app.number_input(key="arpu").proto.format == "%.0f"
