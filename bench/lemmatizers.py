"""Which Polish lemmatiser to use: accuracy and speed of each candidate on tests/data/lemmas-pl.tsv.

Run as ``python -m bench.lemmatizers``. Candidates that are not installed are listed as
such; install them into a throw-away virtualenv to compare (the app needs only simplemma).
Accuracy is an exact match of the lower-cased lemma. "+ exceptions" puts the self-check's
domain exceptions and acronym rule in front of a candidate; as they were written for the
rubric's hint words, the table splits the accuracy into hint words and other words (out of
the exceptions' reach). "found" is what the evidence finder needs: the share of forms of
hint words whose form or lemma equals the hint word or its lemma. ``--suggest-exceptions``
lists exception candidates (needs morfeusz2).
"""

from __future__ import annotations

import importlib.util
import sys
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.selfcheck.lemmatizer import DOMAIN_EXCEPTIONS, DomainLemmatizer, simplemma_lemmatizer

ROOT = Path(__file__).resolve().parents[1]
FORMS = ROOT / "tests" / "data" / "lemmas-pl.tsv"
RUBRIC = ROOT / "rubrics" / "cal-2021.toml"
SPEED_PASSES = 5

LemmaFunction = Callable[[str], str]


@dataclass(frozen=True)
class Candidate:
    """A lemmatiser to measure: how to build it, and what it needs."""

    name: str
    module: str  # the import that tells whether it is installed
    build: Callable[[], LemmaFunction]
    note: str = ""


@dataclass(frozen=True)
class Result:
    """One candidate's figures (accuracies in per cent)."""

    name: str
    accuracy: float
    hint_accuracy: float  # forms of the rubric's hint words
    other_accuracy: float  # forms of other words: out of the exceptions' reach
    found: float  # forms of hint words that the evidence finder would match to their hint
    load_ms: float
    cold_per_second: float
    warm_per_second: float
    misses: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class TestSet:
    """The forms to lemmatise, and which of them belong to the rubric's hint words."""

    pairs: tuple[tuple[str, str], ...]
    hint_of: dict[str, str]  # expected lemma -> the hint word the finder compares it with


def read_pairs(path: Path = FORMS) -> list[tuple[str, str]]:
    """The (form, lemma) lines of the test file, comments left out."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            form, lemma = line.split("\t")
            pairs.append((form.strip(), lemma.strip()))
    return pairs


def hint_words(path: Path = RUBRIC) -> set[str]:
    """Every word of every evidence hint in the rubric."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    words = set()
    for section in data["sections"]:
        for criterion in section["criteria"]:
            for hint in criterion.get("evidence_hints", []):
                words.update(hint.split())
    return words


def test_set() -> TestSet:
    """The test file with each hint word's lemma (a hint word may be inflected: "rada osiedla")."""
    pairs = tuple(read_pairs())
    lemma_of = dict(pairs)
    return TestSet(pairs, {lemma_of.get(word, word): word for word in hint_words()})


def _simplemma(greedy: bool = False, low_memory: bool = False) -> LemmaFunction:
    import simplemma
    from simplemma.strategies import DefaultStrategy

    # A Lemmatizer per build: its token cache starts empty; the dictionaries are shared.
    lemmatizer = simplemma.Lemmatizer(lemmatization_strategy=DefaultStrategy(greedy=greedy, low_memory=low_memory))
    return lambda word: lemmatizer.lemmatize(word, lang="pl")


def _morfeusz() -> LemmaFunction:
    import morfeusz2

    analyser = morfeusz2.Morfeusz()
    # Without a tagger, prefer the reading a grant offer most likely means: a noun, then
    # an adjective, then anything else (gerunds last, as the rubric's hints are nouns).
    rank = {"subst": 0, "adj": 1, "ger": 9}

    def lemma(word: str) -> str:
        readings = [(rank.get(tag.split(":")[0], 5), base.split(":")[0])
                    for _, _, (_, base, tag, *_rest) in analyser.analyse(word)]
        return min(readings)[1] if readings else word

    return lemma


def _lemmagen() -> LemmaFunction:
    from lemmagen3 import Lemmatizer

    return Lemmatizer("pl").lemmatize


def _stempel() -> LemmaFunction:
    from pystempel import Stemmer

    stemmer = Stemmer.polimorf()
    return lambda word: stemmer(word) or word


def _spacy_lookups() -> LemmaFunction:
    from spacy.lookups import load_lookups

    order = ("noun", "adj", "verb", "adv", "pron", "num", "adp", "part", "aux")
    lookups = load_lookups("pl", [f"lemma_lookup_{pos}" for pos in order])
    tables = [lookups.get_table(f"lemma_lookup_{pos}") for pos in order]

    def lemma(word: str) -> str:
        # spaCy picks the table by the tagger's part of speech; with no Polish pipeline
        # on PyPI there is no tagger, so the first table that knows the form wins.
        return next((table[word] for table in tables if word in table), word)

    return lemma


CANDIDATES = (
    Candidate("simplemma", "simplemma", _simplemma),
    Candidate("simplemma low_memory", "simplemma", lambda: _simplemma(low_memory=True)),
    Candidate("simplemma greedy", "simplemma", lambda: _simplemma(greedy=True)),
    Candidate("morfeusz2 (SGJP, noun-first)", "morfeusz2", _morfeusz, "analyser: picks one reading by part of speech"),
    Candidate("lemmagen3", "lemmagen3", _lemmagen),
    Candidate("pystempel (polimorf table)", "pystempel", _stempel, "a stemmer: stems are not always lemmas"),
    Candidate("spacy-lookups-data tables", "spacy_lookups_data", _spacy_lookups, "no tagger: table order decides"),
)
UNUSABLE = {
    "stanza": "downloads its Polish model from a hub at run time",
    "spacy pl_core_news_*": "the trained Polish pipelines are not published on PyPI",
}


def measure(name: str, build: Callable[[], LemmaFunction], tests: TestSet) -> Result:
    """Accuracy on every pair, on hint words and other words, the finder's recall, and speed."""
    start = time.perf_counter()
    lemma = build()
    lemma("przykład")  # dictionaries are read on first use: count that as loading
    load_ms = (time.perf_counter() - start) * 1000
    forms = [form for form, _ in tests.pairs]
    start = time.perf_counter()
    got = [lemma(form).lower() for form in forms]
    cold = len(forms) / (time.perf_counter() - start)
    start = time.perf_counter()
    for _ in range(SPEED_PASSES):
        for form in forms:
            lemma(form)
    warm = SPEED_PASSES * len(forms) / (time.perf_counter() - start)
    right = [g == expected for g, (_, expected) in zip(got, tests.pairs, strict=True)]
    on_hints = [ok for ok, (_, expected) in zip(right, tests.pairs, strict=True) if expected in tests.hint_of]
    on_others = [ok for ok, (_, expected) in zip(right, tests.pairs, strict=True) if expected not in tests.hint_of]
    found = [bool({form, g} & {tests.hint_of[expected], lemma(tests.hint_of[expected]).lower()})
             for g, (form, expected) in zip(got, tests.pairs, strict=True) if expected in tests.hint_of]
    misses = tuple((form, expected, g) for g, (form, expected), ok in zip(got, tests.pairs, right, strict=True)
                   if not ok)
    return Result(name, _share(right), _share(on_hints), _share(on_others), _share(found), load_ms, cold, warm,
                  misses)


def _share(flags: list[bool]) -> float:
    return 100 * sum(flags) / len(flags) if flags else 0.0


def with_exceptions(build: Callable[[], LemmaFunction]) -> Callable[[], LemmaFunction]:
    """The candidate behind the self-check's domain exceptions and acronym rule."""
    return lambda: DomainLemmatizer(build()).lemma


def run_all(tests: TestSet) -> list[Result]:
    """Measure every installed candidate, without and with the domain exceptions."""
    results = []
    for candidate in CANDIDATES:
        if importlib.util.find_spec(candidate.module) is None:
            print(f"-- {candidate.name}: not installed (pip install {candidate.module.replace('_', '-')})")
            continue
        results.append(measure(candidate.name, candidate.build, tests))
        results.append(measure(f"{candidate.name} + exceptions", with_exceptions(candidate.build), tests))
    results.append(measure("app: simplemma_lemmatizer()", lambda: simplemma_lemmatizer().lemma, tests))
    return results


def suggest_exceptions() -> dict[str, str]:
    """Forms of the hint words (paradigms from Morfeusz 2) that simplemma misses: exception candidates."""
    import morfeusz2  # a dev-time tool only: pip install morfeusz2

    analyser, lemma = morfeusz2.Morfeusz(), _simplemma()
    suggested = {}
    for word in sorted(hint_words()):
        wanted = {word, lemma(word)}
        for form in sorted(_paradigm(analyser, word)):
            if lemma(form) not in wanted:
                suggested[form] = word
    return suggested


def _paradigm(analyser, word: str) -> set[str]:
    """Noun, positive-adjective and gerund forms of a word, as SGJP lists them."""
    generated = [g for g in analyser.generate(word) if g[2] != "ign"]
    if not generated:  # a gerund ("monitorowanie") is generated from its verb
        verbs = {base.split(":")[0] for _, _, (_, base, tag, *_) in analyser.analyse(word) if tag.startswith("ger")}
        generated = [g for verb in verbs for g in analyser.generate(verb) if g[2].startswith("ger") and ":aff" in g[2]]
    return {form.lower() for form, _, tag, *_ in generated
            if tag.startswith(("subst", "ger")) or (tag.startswith("adj:") and tag.endswith(":pos"))}


def main() -> None:
    if "--suggest-exceptions" in sys.argv:
        for form, word in suggest_exceptions().items():
            print(f"{form}\t{word}")
        return
    tests = test_set()
    on_hints = sum(1 for _, lemma in tests.pairs if lemma in tests.hint_of)
    listed = sum(1 for form, _ in tests.pairs if form in DOMAIN_EXCEPTIONS)
    print(f"{len(tests.pairs)} forms: {on_hints} of hint words, {len(tests.pairs) - on_hints} of other words; "
          f"{len(DOMAIN_EXCEPTIONS)} domain exceptions, {listed} of them among the forms\n")
    results = run_all(tests)
    print(f"\n{'candidate':<44} {'all %':>6} {'hints %':>8} {'other %':>8} {'found %':>8} {'load ms':>8} "
          f"{'cold f/s':>9} {'warm f/s':>9}")
    for r in results:
        print(f"{r.name:<44} {r.accuracy:>6.1f} {r.hint_accuracy:>8.1f} {r.other_accuracy:>8.1f} {r.found:>8.1f} "
              f"{r.load_ms:>8.0f} {r.cold_per_second:>9.0f} {r.warm_per_second:>9.0f}")
    for name, why in UNUSABLE.items():
        print(f"{name:<44} not usable here: {why}")
    for r in results:
        if r.misses:
            shown = ", ".join(f"{form}→{got} (not {expected})" for form, expected, got in r.misses)
            print(f"\n{r.name} misses {len(r.misses)}: {shown}")


if __name__ == "__main__":
    main()
