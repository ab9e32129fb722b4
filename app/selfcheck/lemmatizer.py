"""The Polish lemmatiser behind the self-check: simplemma, corrected for the rubric's words.

simplemma was chosen by measurement (``python -m bench.lemmatizers``): it is pure
Python, ships its dictionary in the wheel and needs nothing at run time. Where it
misses a form of an evidence hint word, the exceptions below say the lemma.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from types import MappingProxyType

import simplemma
from simplemma.strategies import DefaultStrategy

# Forms of the rubric's hint words that simplemma 2.0 lemmatises to something else.
# Found by `python -m bench.lemmatizers --suggest-exceptions` (paradigms from Morfeusz 2,
# SGJP), plus words Morfeusz does not know. Forms of "lista" that coincide with "list"
# are harmless: "list" only appears in the hint "list intencyjny".
_FORMS_BY_LEMMA: dict[str, tuple[str, ...]] = {
    "budynek": ("budynkowi",),
    "budżet": ("budżetowi",),
    "kadra": ("kadr", "kadrach", "kadrami", "kadrom", "kadry"),
    "koszt": ("kosztowi",),
    "kosztorys": ("kosztorysowi",),
    "kwalifikacja": ("kwalifikacjach", "kwalifikacjami", "kwalifikacje", "kwalifikacji", "kwalifikacjom",
                     "kwalifikacyj"),
    "list": ("listach", "listami", "listom", "listowi", "listy", "liście"),
    "lokal": ("lokalowi",),
    "mops": ("mopsie",),
    "ogródek": ("ogródka", "ogródkach", "ogródkami", "ogródki", "ogródkom", "ogródkowi"),
    # "rada osiedla": the genitive is the form a draft uses, and simplemma reads it as osiedlać.
    "osiedle": ("osiedla",),
    "podwórko": ("podwórek",),
    "przestrzeń": ("przestrzenią",),
    "rada": ("rad", "rado"),
    "rozliczenie": ("rozliczeń",),
    # A recent word, in neither simplemma's dictionary nor SGJP.
    "sieciowanie": ("sieciowania", "sieciowaniu", "sieciowaniem", "sieciowań", "sieciowaniom", "sieciowaniami",
                    "sieciowaniach"),
    "skwer": ("skwerowi",),
    "spacer": ("spacerowi",),
    "sprawozdanie": ("sprawozdań",),
    "sprzęt": ("sprzętowi",),
    "stawka": ("stawek",),
    "szkolenie": ("szkoleń",),
    "termin": ("terminowi",),
    "wkład": ("wkładowi",),
    "wskaźnik": ("wskaźnikowi",),
    # Hint words that simplemma reads as another word, so that the hint would match that word's forms:
    # "razem" as raz ("raz w tygodniu"), "zebranie" as zebrać ("zebraliśmy ankiety"), "wspomnienie" as
    # wspomnieć ("jak wspomnieliśmy").
    "razem": ("razem",),
    "zebranie": ("zebranie",),
    "wspomnienie": ("wspomnienie", "wspomnienia", "wspomnień", "wspomnieniami", "wspomnieniach", "wspomnieniom",
                    "wspomnieniu", "wspomnieniem"),
    # "przeciwdziałanie wykluczeniu" (the Model's words): simplemma reads the dative as the verb wykluczyć.
    "wykluczenie": ("wykluczeniu",),
    "wykształcenie": ("wykształceń",),
    "wynagrodzenie": ("wynagrodzeń",),
    "wyposażenie": ("wyposażeń",),
    "własny": ("własnemu",),
    "zasób": ("zasobowi",),
    "zaufanie": ("zaufań",),
    "zespół": ("zespołowi",),
    "zwrot": ("zwrotowi",),
}
DOMAIN_EXCEPTIONS: Mapping[str, str] = MappingProxyType(
    {form: lemma for lemma, forms in _FORMS_BY_LEMMA.items() for form in forms}
)

# Polish writes the case ending of an acronym after a hyphen: MOPS-u, z MOPS-em, w CAL-u.
_ACRONYM_CASE = re.compile(r"^(?P<stem>[^\W\d_]{2,})-(?:a|u|e|y|i|ie|em|om|owi|ów|ami|ach)$")

# The low-memory dictionary gives the same lemmas (see bench.lemmatizers); the default one
# holds ~400 MiB per worker process for Polish and takes twice as long to read.
_STRATEGY = DefaultStrategy(low_memory=True)


class DomainLemmatizer:
    """A base lemmatiser behind a list of domain exceptions and the acronym rule."""

    def __init__(self, base: Callable[[str], str], exceptions: Mapping[str, str] = DOMAIN_EXCEPTIONS) -> None:
        self._base = base
        self._exceptions = exceptions

    def lemma(self, word: str) -> str:
        """The lower-case lemma of one word."""
        # simplemma is case-sensitive and reads "Sąsiadami" as a name: lower case first.
        key = word.lower()
        acronym = _ACRONYM_CASE.match(key)
        if acronym:
            key = acronym["stem"]
        if key in self._exceptions:
            return self._exceptions[key]
        return self._base(key).lower()


def simplemma_lemmatizer(exceptions: Mapping[str, str] = DOMAIN_EXCEPTIONS) -> DomainLemmatizer:
    """The self-check's lemmatiser: simplemma's Polish dictionary with the domain exceptions."""
    # A Lemmatizer of our own has a token cache of its own; the dictionary is shared by all.
    lemmatizer = simplemma.Lemmatizer(lemmatization_strategy=_STRATEGY)
    return DomainLemmatizer(lambda word: lemmatizer.lemmatize(word, lang="pl"), exceptions)

