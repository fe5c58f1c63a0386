"""Sentence templates and prompts are files, validated strictly and all renderable."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from assistant.drafting.templates import (
    PROMPTS_DIR,
    PromptFile,
    Sentence,
    SentenceBook,
    prompt,
    sentence_book,
)


class TestTemplateFiles:
    def test_every_variant_of_every_sentence_renders(self) -> None:
        """Each variant renders with its declared variables and leaves no placeholder."""
        book = sentence_book()
        for name, sentence in book.root.items():
            values = {var: f"<{var}>" for var in sentence.variables}
            for offset in range(len(sentence.variants)):
                text = book.render(name, "青川县清溪镇人民政府|2024", offset, **values)
                assert "{" not in text and "}" not in text, name
        assert len(book.root) > 20

    def test_every_sentence_offers_a_choice_where_wording_can_repeat(self) -> None:
        """Sentences that open paragraphs have several variants, so years do not read alike."""
        book = sentence_book()
        for name in ("preamble", "overview_opening", "requests_total", "problems_intro", "measures_intro"):
            assert len(book.root[name].variants) >= 3, name

    def test_every_prompt_file_renders(self) -> None:
        """Each prompts/*.yaml other than the sentences renders with its variables."""
        names = [p.stem for p in PROMPTS_DIR.glob("*.yaml") if p.stem != "sentences"]
        assert {"draft_part", "regenerate", "revise_part"} <= set(names)
        for name in names:
            template = prompt(name)
            system, user = template.render(**{var: f"<{var}>" for var in template.variables})
            assert "{" not in system + user and user.strip(), name

    def test_an_unknown_field_is_rejected(self) -> None:
        """A typo in a template file's keys is an error, not silently ignored."""
        with pytest.raises(ValidationError):
            Sentence.model_validate({"variables": [], "variants": ["x"], "variant": ["y"]})
        with pytest.raises(ValidationError):
            PromptFile.model_validate({"description": "", "variables": [], "system": "", "user": "", "x": 1})

    def test_an_undeclared_placeholder_is_rejected(self) -> None:
        """A variant using a variable its entry does not declare fails on load."""
        with pytest.raises(ValidationError):
            SentenceBook.model_validate({"s": {"variables": ["a"], "variants": ["{a}{b}"]}})

    def test_the_choice_of_variant_is_deterministic_and_depends_on_the_year(self) -> None:
        """The same agency and year always get the same wording; other years mostly differ."""
        book = sentence_book()
        first = [
            book.render("overview_opening", f"某局|{y}", 0, agency="某局", year=y) for y in range(2020, 2026)
        ]
        again = [
            book.render("overview_opening", f"某局|{y}", 0, agency="某局", year=y) for y in range(2020, 2026)
        ]
        assert first == again
        assert len({text.replace(str(y), "") for text, y in zip(first, range(2020, 2026), strict=True)}) > 1


class TestSentenceWording:
    def test_every_preamble_defines_the_short_name_of_the_regulation(self) -> None:
        """Whichever preamble is chosen, 《条例》 is defined before later sentences use it."""
        for variant in sentence_book().root["preamble"].variants:
            assert "《中华人民共和国政府信息公开条例》（以下简称《条例》）" in variant

    @pytest.mark.parametrize(
        "phrase", ["我单位", "比上年多", "比上年少", "数量同上年相同", "公开行政事业性收费"]
    )
    def test_no_sentence_uses_a_wording_reviewers_flag(self, phrase: str) -> None:
        """我单位 in a government's report, 比上年多/少, 同上年相同 and 公开…收费 are not used."""
        book = sentence_book()
        assert not [v for s in book.root.values() for v in s.variants if phrase in v]
