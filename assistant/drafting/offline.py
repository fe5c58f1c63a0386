"""The offline drafter: formal 公文 prose from a draft plan, with no language model.

Every sentence comes from ``prompts/sentences.yaml``; the variant is chosen from the
agency and year, and a part is re-rendered with other variants while it shares too much
with last year's text (the reuse measure of :mod:`assistant.domain.reuse`).  What the
figures cannot say (problems, measures, how last year's problems were fixed, the
province's items) comes from the user's notes or from retrieved examples adapted to this
agency and year; adapted or assumed text carries a visible 【请核实】/【请补充】 mark.
When many notes push part 一 over the format's 1,000 characters, its filler sentences go
first and then the notes are condensed; no note is ever dropped.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from assistant.domain.plan import ITEM_WORDS, ChangeKind, DraftPlan, Fact, Note, NoteKind, PartPlan
from assistant.domain.ports import Citation, Passage
from assistant.domain.report import (
    NARRATIVE_PARTS,
    OVERVIEW_LIMIT,
    Narrative,
    Part,
    Place,
    Sections,
    SubPart,
    character_count,
    part_text,
)
from assistant.domain.reuse import reuse_ratio
from assistant.drafting.templates import SentenceBook, sentence_book

ORDINALS = "一二三四五六七八九十"
# Numerals before 个: "两个方面问题", never "二个".
COUNTS = "一两三四五六七八九十"
REUSE_LIMIT = 0.3
VARIANT_TRIES = 6
REVIEW_MARK = "【请核实】"
# 了 after a verb of what was done ("开展了培训", "完成了改版", "改版完成了"), not 了解/为了.
_SPOKEN_LE = re.compile(r"(?<=[开展成立定布增线通办织发台设版建])了(?![解结])")
_SCOPE_WORDS = re.compile(r"我(区|县|市|省|镇|乡|局|委|办)|全(区|县|市|省|镇|乡)")

# Sentences of part 一 that state no fact, only diligence in general words: when the notes
# push part 一 over its limit these go first, one after another, the opening first.  A
# sub-part's filler stays where it is all the sub-part says, so that none is left empty.
FILLERS = ("overview_opening", "requests_service", "proactive_intro", "management", "platforms", "oversight")
# A note up to this long joins the others of its section in one sentence when condensed;
# a longer one keeps a sentence of its own, where a run of clauses would be hard to read.
SHORT_NOTE = 40


@dataclass(frozen=True)
class Trim:
    """How far part 一 is cut to fit its limit: filler sentences left out, notes condensed."""

    omitted: frozenset[str] = frozenset()
    condensed: bool = False


# Each step cuts more than the one before; the drafter stops at the first that fits.
TRIMS = (
    *(Trim(frozenset(FILLERS[: n + 1])) for n in range(len(FILLERS))),
    Trim(frozenset(FILLERS), condensed=True),
)


@dataclass
class Examples:
    """Retrieved passages of other reports, by part, with their citations kept."""

    by_part: dict[Part, list[Passage]] = field(default_factory=dict)

    def citations(self, part: Part) -> list[Citation]:
        return [p.citation for p in self.by_part.get(part, [])]


def number(value: float) -> str:
    """A figure as the narrative prints it: 3, 12.5, 5949.09 (never 3.0).

    Amounts in 万元 keep at most two decimals in prose, as reports state them; the table
    keeps every decimal, and number verification accepts the rounded figure.
    """
    if float(value).is_integer():
        return str(int(value))
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def note_sentence(note: Note, year: int) -> str:
    """A note as a clause: trailing punctuation off, colloquial time words made formal."""
    text = note.text.strip().rstrip("。；;，,.")
    text = text.replace("今年", "本年度").replace("去年", "上年度").replace("明年", f"{year + 1}年")
    # The aspect particle 了 is spoken style ("新开了抖音号"); a report states "新开设抖音号".
    text = text.replace("新开了", "新开设")
    return _SPOKEN_LE.sub("", text)


class OfflineDrafter:
    """Drafts the narrative parts of one report from its plan (see the module docstring)."""

    def __init__(self, plan: DraftPlan, book: SentenceBook | None = None, examples: Examples | None = None):
        self.plan = plan
        self.book = book or sentence_book()
        self.examples = examples or Examples()
        self.seed = f"{plan.agency}|{plan.year}"

    # --- sentences -------------------------------------------------------------------

    def _say(self, name: str, offset: int, **values: object) -> str:
        return self.book.render(name, self.seed, offset, **values)

    def _change(self, fact: Fact, unit: str, offset: int) -> str:
        kind = fact.change
        if kind is None or kind is ChangeKind.NONE:
            return ""
        if kind is ChangeKind.NEW:
            return self._say("yoy_new", offset)
        if kind is ChangeKind.SAME:
            return self._say("yoy_same", offset)
        delta = number(fact.delta or 0)
        if kind is ChangeKind.GONE:
            return self._say("yoy_gone", offset, delta=delta, unit=unit)
        name = "yoy_up" if kind is ChangeKind.UP else "yoy_down"
        return self._say(name, offset, delta=delta, unit=unit, percent=f"{fact.percent:.1f}")

    def _notes(self, notes: list[Note], offset: int, trim: Trim = Trim()) -> list[str]:
        """The notes as sentences; condensed, each note once and the short ones in one sentence."""
        clauses = [note_sentence(note, self.plan.year) for note in notes]
        if not trim.condensed:
            return [self._say("note_fact", offset + i, text=text) for i, text in enumerate(clauses)]
        unique = list(dict.fromkeys(clauses))
        short = [text for text in unique if len(text) <= SHORT_NOTE]
        return (["；".join(short) + "。"] if short else []) + [
            f"{text}。" for text in unique if text not in short
        ]

    def _lead(self, name: str, offset: int, trim: Trim, rest: list[str], **values: object) -> list[str]:
        """A filler sentence opening a section, left out when trimmed unless the section has nothing else."""
        if name in trim.omitted and any(rest):
            return []
        return [self._say(name, offset, **values)]

    # --- sections --------------------------------------------------------------------

    def section(self, part: Part, sub: SubPart | None, offset: int = 0, trim: Trim = Trim()) -> str:
        """The text of one section (a part, or a sub-part of 一) with variant ``offset``."""
        plan = self.plan.part(part, sub)
        year, agency = self.plan.year, self.plan.agency
        if part is Part.PREAMBLE:
            return self._say("preamble", offset, agency=agency, year=year)
        if part is Part.OVERVIEW and sub is None:
            # The five sub-parts follow, so the opening may go even where it is all this section says.
            opening = (
                ""
                if "overview_opening" in trim.omitted
                else self._say("overview_opening", offset, agency=agency, year=year)
            )
            return "".join([opening, *self._notes(plan.notes, offset, trim)])
        if sub is SubPart.PROACTIVE:
            return self._proactive(plan, offset, trim)
        if sub is SubPart.REQUESTS:
            return self._requests(plan, offset, trim)
        if sub is SubPart.MANAGEMENT or sub is SubPart.PLATFORMS:
            notes = self._notes(plan.notes, offset, trim)
            name = "management" if sub is SubPart.MANAGEMENT else "platforms"
            return "".join([*self._lead(name, offset, trim, notes, agency=agency), *notes])
        if sub is SubPart.OVERSIGHT:
            rest = self._notes(plan.notes, offset, trim)
            if self.plan.is_people_government:
                rest.append(self._say("oversight_people_government", offset, agency=agency))
            return "".join([*self._lead("oversight", offset, trim, rest, agency=agency), *rest])
        if part is Part.PROBLEMS:
            return self._problems(plan, offset)
        return self._other_matters(plan, offset)

    def _proactive(self, plan: PartPlan, offset: int, trim: Trim) -> str:
        facts = {fact.key: fact for fact in plan.facts}
        pieces: list[str] = []
        rules = facts.get("t2.rules.issued")
        if rules is not None and (rules.value or self.plan.figures.get("t2.rules.in_force")):
            pieces.append(
                self._say(
                    "rules",
                    offset,
                    issued=number(rules.value),
                    in_force=number(self.plan.figures["t2.rules.in_force"]),
                )
            )
        issued, repealed, in_force = (
            facts.get("t2.normative.issued"),
            facts.get("t2.normative.repealed"),
            facts.get("t2.normative.in_force"),
        )
        if issued is not None and repealed is not None and in_force is not None:
            if issued.value or repealed.value:
                pieces.append(
                    self._say(
                        "normative",
                        offset,
                        issued=number(issued.value),
                        repealed=number(repealed.value),
                        in_force=number(in_force.value),
                        change=self._change(issued, "件", offset),
                    )
                )
            elif in_force.value:
                pieces.append(self._say("normative_none", offset, in_force=number(in_force.value)))
            else:
                pieces.append(self._say("normative_empty", offset))
            if in_force.last is not None and in_force.value != in_force.last + issued.value - repealed.value:
                pieces.append(self._say("in_force_gap", offset))
        decisions = [
            facts[key]
            for key in ("t2.licensing.decisions", "t2.penalty.decisions", "t2.coercion.decisions")
            if key in facts
        ]
        # A kind that fell to zero is news too ("行政强制0件（上年为42件）"), not silence.
        stated = [fact for fact in decisions if fact.value or fact.change is ChangeKind.GONE]
        if stated:
            items = "；".join(
                self._say(
                    "decision_item",
                    offset,
                    label=fact.label,
                    count=number(fact.value),
                    change=self._change(fact, "件", offset + i),
                )
                for i, fact in enumerate(stated)
            )
            pieces.append(self._say("decisions", offset, items=items))
        elif decisions:
            pieces.append(self._say("decisions_none", offset))
        fees = facts.get("t2.fees.amount")
        if fees is not None:
            if fees.value or fees.change is ChangeKind.GONE:
                pieces.append(
                    self._say(
                        "fees", offset, amount=number(fees.value), change=self._change(fees, "万元", offset)
                    )
                )
            else:
                pieces.append(self._say("fees_none", offset))
        pieces.extend(self._notes(plan.notes, offset, trim))
        intro = self._lead(
            "proactive_intro", offset, trim, pieces, agency=self.plan.agency, year=self.plan.year
        )
        return "".join([*intro, *pieces])

    def _requests(self, plan: PartPlan, offset: int, trim: Trim) -> str:
        figures, year = self.plan.figures, self.plan.year
        facts = {fact.key: fact for fact in plan.facts}
        new = facts["t3.new.total"]
        pieces: list[str] = []
        if new.value:
            breakdown = "、".join(
                self._say("applicant_item", offset, label=fact.label, count=number(fact.value))
                for key, fact in facts.items()
                if key.startswith("t3.new.") and key != "t3.new.total" and fact.value
            )
            pieces.append(
                self._say(
                    "requests_total",
                    offset,
                    year=year,
                    total=number(new.value),
                    breakdown=breakdown,
                    change=self._change(new, "件", offset),
                )
            )
        else:
            pieces.append(
                self._say("requests_none", offset, year=year, change=self._change(new, "件", offset))
            )
        carried_in = figures.get("t3.carried_in.total", 0)
        if carried_in:
            pieces.append(self._say("requests_carried", offset, carried_in=number(carried_in)))
        finished = figures.get("t3.results_total.total", 0)
        if finished:
            # "；" between items: a variant's own "，占…%" would otherwise run the items together.
            breakdown = "；".join(
                self._say(
                    "outcome_item",
                    offset,
                    label=share.label,
                    count=share.value,
                    percent=f"{share.percent:.1f}",
                )
                for share in self.plan.shares
            )
            pieces.append(self._say("outcomes", offset, finished=number(finished), breakdown=breakdown))
        carried_out = figures.get("t3.carried_out.total", 0)
        if carried_out:
            pieces.append(self._say("carried_out", offset, count=number(carried_out)))
        if (new.value or carried_in) and "requests_service" not in trim.omitted:
            pieces.append(self._say("requests_service", offset))
        review = figures.get("t4.review.total", 0)
        suits = self.plan.derived.get("t4.suits.total", 0)
        if review or suits:
            corrected = self.plan.derived.get("t4.corrected.all", 0)
            pieces.append(
                self._say("review_suits", offset, review=number(review), suits=number(suits))
                + (self._say("corrected", offset, count=number(corrected)) if corrected else "")
                + "。"
            )
        else:
            pieces.append(self._say("review_none", offset))
        pieces.extend(self._notes(plan.notes, offset, trim))
        return "".join(pieces)

    def _adapted_examples(self, part: Part, limit: int) -> list[str]:
        """Problem items from other reports, fitted to this agency and marked for review."""
        items: list[str] = []
        for passage in self.examples.by_part.get(part, []):
            for raw in re.split(r"[一二三四五六七八]是", passage.text)[1:]:
                item = re.split(r"[；;。]", raw)[0].strip("，, ")
                if re.search(r"\d|[A-Za-z]", item) or not 8 <= len(item) <= 60:
                    continue
                if passage.citation.agency:
                    item = item.replace(passage.citation.agency, self.plan.agency)
                item = _SCOPE_WORDS.sub("本单位", item)
                items.append(item + REVIEW_MARK)
                if len(items) >= limit:
                    return items
        return items

    def _problems(self, plan: PartPlan, offset: int) -> str:
        year = self.plan.year
        problems = [note_sentence(n, year) for n in plan.notes if n.kind is NoteKind.PROBLEM]
        measures = [note_sentence(n, year) for n in plan.notes if n.kind is NoteKind.MEASURE]
        fixed = [note_sentence(n, year) for n in plan.notes if n.kind is NoteKind.FIXED]
        facts = [note_sentence(n, year) for n in plan.notes if n.kind is NoteKind.FACT]
        wanted = max(2, len(measures)) - len(problems)
        if wanted > 0:
            problems.extend(self._adapted_examples(Part.PROBLEMS, wanted))
        generics = self.book.root["problem_generic"].variants
        measure_generics = self.book.root["measure_generic"].variants
        start = self._pick(len(generics), "problem_generic", offset)
        order = [(start + k) % len(generics) for k in range(len(generics))]
        # A stock problem last year's part 五 already named would be the same problem year
        # after year, beside a sentence saying last year's problems were fixed: use the
        # others first.
        ranked = [i for i in order if not self._said_last_year(generics[i])]
        ranked += [i for i in order if i not in ranked]
        while len(problems) < 2:
            problems.append(generics[ranked[len(problems) % len(ranked)]])
        while len(measures) < len(problems):
            measures.append(measure_generics[ranked[len(measures) % len(ranked)] % len(measure_generics)])
        paragraphs = [
            self._say("problems_intro", offset, year=year)
            + "；".join(
                self._say("problem_item", offset, ordinal=ORDINALS[i], text=text)
                for i, text in enumerate(problems)
            )
            + "。",
            self._say("measures_intro", offset, next_year=year + 1)
            + "；".join(
                self._say("measure_item", offset, ordinal=ORDINALS[i], text=text)
                for i, text in enumerate(measures)
            )
            + "。",
        ]
        last_year = self.plan.last_year or year - 1
        if fixed:
            paragraphs.append(
                self._say("last_year_noted", offset, last_year=last_year, text="；".join(fixed))
            )
        elif last_count := int(self.plan.derived.get("last_problems.count", 0)):
            count = COUNTS[last_count - 1] if last_count <= len(COUNTS) else str(last_count)
            paragraphs.append(self._say("last_year_fixed", offset, last_year=last_year, count=count))
        else:
            paragraphs.append(self._say("last_year_unknown", offset, last_year=last_year))
        if facts:
            paragraphs.append(
                "".join(self._notes([n for n in plan.notes if n.kind is NoteKind.FACT], offset))
            )
        return "\n".join(paragraphs)

    def _said_last_year(self, stock: str) -> bool:
        """Whether last year's part 五 states this stock problem (its first clause suffices)."""
        clause = stock.replace(REVIEW_MARK, "").split("，")[0]
        return bool(self.plan.last_problems) and clause in self.plan.last_problems

    def _pick(self, count: int, name: str, offset: int) -> int:
        return (int(hashlib.sha256(f"{self.seed}|{name}".encode()).hexdigest()[:8], 16) + offset) % count

    def _other_matters(self, plan: PartPlan, offset: int) -> str:
        year = self.plan.year
        remaining = list(plan.notes)
        fee_notes = [n for n in remaining if "信息处理费" in n.text]
        pieces: list[str] = []
        if fee_notes:
            pieces.append(self._say("note_fact", 0, text=note_sentence(fee_notes[0], year)))
            remaining.remove(fee_notes[0])
        else:
            unpaid = self.plan.figures.get("t3.other_handling.unpaid_fee.total", 0)
            if unpaid:
                pieces.append(self._say("fee_unpaid", offset, year=year, count=number(unpaid)))
            else:
                pieces.append(self._say("fee_none", offset, year=year))
        for i, item in enumerate(self.plan.province_items()):
            noted = next((n for n in remaining if any(w in n.text for w in ITEM_WORDS[item])), None)
            if noted is not None:
                remaining.remove(noted)
                pieces.append(self._say(f"item_{item}_noted", offset + i, text=note_sentence(noted, year)))
            else:
                pieces.append(self._say(f"item_{item}", offset + i))
        pieces.extend(self._notes(remaining, offset))
        return "\n".join(pieces)

    # --- parts -----------------------------------------------------------------------

    def part(self, part: Part, last_text: str = "", offset: int = 0) -> Sections:
        """One narrative part, its sections by sub-part, the variants chosen to avoid last year's text.

        Tries ``VARIANT_TRIES`` variant offsets from ``offset``; keeps the first whose reuse of
        ``last_text`` is within ``REUSE_LIMIT``, otherwise the one with the least reuse.
        Part 一 is then fitted to its limit (:meth:`fit_overview`).
        """
        best: tuple[float, int, Sections] | None = None
        for attempt in range(offset, offset + VARIANT_TRIES):
            texts = self._sections(part, attempt)
            ratio = reuse_ratio(part_text(part, texts), last_text) if last_text else 0.0
            if ratio <= REUSE_LIMIT:
                best = (ratio, attempt, texts)
                break
            if best is None or ratio < best[0]:
                best = (ratio, attempt, texts)
        assert best is not None
        _, attempt, texts = best
        return self.fit_overview(texts, attempt) if part is Part.OVERVIEW else texts

    def _sections(self, part: Part, offset: int, trim: Trim = Trim()) -> Sections:
        return {
            place.subpart: self.section(part, place.subpart, offset, trim) for place in Place.in_part(part)
        }

    def fit_overview(self, texts: Sections, offset: int) -> Sections:
        """Part 一 within ``OVERVIEW_LIMIT`` where it can be without losing a fact: filler
        sentences left out one after another, then the notes condensed.  What still does not
        fit is returned as it is; the draft says so (:func:`overview_length_note`)."""
        for trim in TRIMS:
            if character_count(part_text(Part.OVERVIEW, texts)) <= OVERVIEW_LIMIT:
                break
            texts = self._sections(Part.OVERVIEW, offset, trim)
        return texts

    def narrative(self, last: Narrative | None = None, offset: int = 0) -> Narrative:
        """All narrative parts of the report."""
        narrative = Narrative()
        for part in NARRATIVE_PARTS:
            last_text = last.part_text(part) if last is not None else ""
            narrative = narrative.with_sections(part, self.part(part, last_text, offset))
        return narrative


def overview_length_note(texts: Sections) -> str | None:
    """What the user must do about a part 一 still over the limit, counted as W9 counts it."""
    length = character_count(part_text(Part.OVERVIEW, texts))
    if length <= OVERVIEW_LIMIT:
        return None
    return f"第一部分 {length} 字，超过 {OVERVIEW_LIMIT} 字，请精简。"
