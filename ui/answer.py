"""The answer in words: a recommendation and the numbers behind it, as sentences and notices."""

from __future__ import annotations

import math

from strategy import FLAT, NEAR, BestBudget, Problem, Recommendation, Scenario

from .charts import format_value
from .fields import PAGE_BOUNDS, format_field
from .i18n import Translator
from .settings import frame_query

_MARKDOWN_SPECIALS = "\\`*_{}[]()#+-.!|<>$~:"


def plain(text: str, limit: int = 60) -> str:
    """Untrusted text (from a link) shown literally in Markdown: shortened, every special
    character escaped and every control character drawn, so it can never become a link, an
    image, HTML, a formula or a line of its own."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return "".join(f"\\{char}" if char in _MARKDOWN_SPECIALS else _visible(char) for char in text)


def _visible(char: str) -> str:
    """A control character (a newline would end a notice's line) as its Unicode picture: ␊."""
    code = ord(char)
    return chr(0x2400 + code) if code < 32 else "\u2421" if code == 127 else char


def literal_dollars(text: str) -> str:
    """Our own text with "$" amounts, safe for Markdown, where a pair of "$" starts a formula."""
    return text.replace("$", "\\$")


def answer_sentences(answer: Recommendation, scenario: Scenario, tr: Translator,
                     budget: BestBudget | None = None) -> list[str]:
    """The headline answer, what it gains, what it hinges on, and (given `budget`) where the
    plan's budget stands against the best one."""
    best = answer.best
    shares = {"best": tr.percent(best.best_share), "plan": tr.percent(best.plan_share)}
    headline = f"answer.keep_{answer.keep}" if answer.keep in ("flat", "uncertain") \
        else f"answer.{answer.lean}"
    sentences = [tr(headline, flat=tr.percent(FLAT, 0), **shares)]
    sentences += [why(limit, answer, scenario, tr) for limit in answer.limits]
    if answer.lean in ("retention", "acquisition"):
        sentences.append(tr(
            "answer.gain", months=scenario.months,
            gain=format_value(tr, best.objective, best.gain),
            gain_ratio=tr.signed(tr.percent(answer.gain_ratio), answer.gain_ratio),
            objective=tr(f"objective.{best.objective}"),
        ))
    low, high = sorted((answer.most_sensitive_low, answer.most_sensitive_high))
    if answer.lean != "no_budget" and low == high:
        sentences.append(tr("answer.sensitive_flat", best=tr.percent(low)))
    elif answer.lean != "no_budget":
        sentences.append(tr(
            "answer.sensitive", field=tr(f"field.{answer.most_sensitive}.label",
                                         currency=tr.currency),
            low=tr.percent(low), high=tr.percent(high),
        ))
    if budget is not None:
        sentences.append(budget_sentence(budget, tr))
    return sentences


def why(limit: str, answer: Recommendation, scenario: Scenario, tr: Translator) -> str:
    """The limit the plan is up against, in a sentence with its numbers."""
    return tr(f"answer.why.{limit}", churn=tr.percent(answer.plan_churn),
              floor=tr.percent(scenario.churn_floor), new=tr.number(answer.plan_new, 0),
              capacity=tr.number(scenario.capacity, 0), months=scenario.months,
              held=tr.percent(answer.plan_market_share))


def budget_sentence(budget: BestBudget, tr: Translator) -> str:
    """One sentence: the plan's budget below, near or above the one that maximises the
    objective (or, for objectives that grow with money, that there is none below the top),
    and what the next step of budget adds at the plan's best split."""
    key = "grows" if budget.grows_with_budget else budget.position
    return tr(
        f"answer.budget.{key}", objective=tr(f"objective.{budget.objective}"),
        plan=tr.money(budget.plan_budget), budget=tr.money(rounded(budget.budget)),
        share=tr.percent(budget.best_share),
        value=format_value(tr, budget.objective, budget.value),
        near=tr.percent(NEAR, 0), step=tr.money(budget.next_budget_step),
        next=tr.signed(format_value(tr, budget.objective, budget.value_of_next_step),
                       budget.value_of_next_step),
    )


def rounded(value: float, digits: int = 3) -> float:
    """A number to `digits` significant digits: the search finds the best budget to ~0.2%,
    and the curve is flat there, so more digits would claim more than the answer knows."""
    if value <= 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - math.floor(math.log10(value)))


def _used(problem: Problem, scenario: Scenario, tr: Translator) -> str:
    """What the app used instead of a bad value."""
    current = frame_query(tr)
    if problem.reason == "unknown" or (problem.parameter not in current
                                       and problem.parameter not in Scenario.model_fields):
        return tr("notice.ignored")  # not a setting (repeated or not): nothing stands for it
    used = current.get(problem.parameter) or getattr(scenario, problem.parameter)
    return tr("notice.shown_instead", used=format_field(tr, problem.parameter, used))


def notice_lines(problems: list[Problem], scenario: Scenario, tr: Translator) -> list[str]:
    """One Markdown line per problem: parameter, what was given, why, and what was used."""
    lines = []
    for problem in problems:
        bounds = PAGE_BOUNDS.get(problem.parameter) or problem.bounds
        reason = tr(f"reason.{problem.reason}", **{
            name: format_field(tr, problem.subject, value)
            for name, value in zip(("low", "high"), bounds or ())
        })
        line = tr("notice.line", parameter=plain(problem.parameter), given=plain(problem.given),
                  reason=reason)
        lines.append(f"{line}; {_used(problem, scenario, tr)}")
    return lines
