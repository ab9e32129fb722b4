"""Call options declared in a rubric file, chosen when a call is created, and applied to its rubric.

Three kinds, from Wrocław's CAL calls:
- "criterion": an extra sub-criterion added to a section (alcohol prevention, under the alcohol-prevention act);
- "variant": a criterion replaced by a variant with the same id (B5 where the city provides the premises);
- "condition": a call condition the office checks in the formal stage (opening hours), not a scored criterion.

A rubric with options applied has its own content hash: the file's hash and the chosen option ids
hashed together, so that a call locks its rubric and its options at once.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from .rubric import Criterion, LocalizedText, OptionKind, Rubric, RubricOption, Section

OPTION_ID = re.compile(r"^[a-z][a-z0-9-]*$")


def build_options(reader: Any, data: dict, sections: list[Section],
                  build_criterion: Callable[..., Criterion | None], source_keys: set[str]) -> tuple[RubricOption, ...]:
    """The [[options]] of a rubric file; every defect goes to the reader as a Problem."""
    section_ids = {s.id for s in sections}
    criterion_ids = {c.id for s in sections for c in s.criteria}
    weighted = any(c.weight is not None for s in sections for c in s.criteria)
    options: list[RubricOption] = []
    seen: set[str] = set()
    for index, raw in enumerate(reader.tables(data, "options", "", required=False)):
        option_id = reader.string(raw, "id", f"option #{index + 1}")
        where = f"option {option_id or '#' + str(index + 1)}"
        if option_id:
            if not OPTION_ID.match(option_id):
                reader.fail(where, "id must be lower-case letters, digits and '-'")
            if option_id in seen:
                reader.fail(where, f"duplicate option id {option_id!r}")
            seen.add(option_id)
        kind_name = reader.string(raw, "kind", where)
        kind = OptionKind(kind_name) if kind_name in {k.value for k in OptionKind} else None
        if kind_name and kind is None:
            reader.fail(where, f"kind {kind_name!r} must be one of {', '.join(k.value for k in OptionKind)}")
        title = reader.localized(raw, "title", where)
        description = reader.localized(raw, "description", where, required=False)
        before = len(reader.problems)
        option = _build_kind(reader, raw, where, kind, section_ids, criterion_ids, build_criterion, source_keys)
        if option is not None and option.criterion is not None and (option.criterion.weight is not None) != weighted:
            reader.fail(where, "give its criterion a weight exactly when the rubric's criteria have weights")
        if option is not None and option_id and title and len(reader.problems) == before:
            options.append(replace(option, id=option_id, title=title, description=description))
    return tuple(options)


def _build_kind(reader, raw, where, kind, section_ids, criterion_ids, build_criterion, source_keys
                ) -> RubricOption | None:
    placeholder = LocalizedText("", "")
    if kind is OptionKind.CONDITION:
        text = reader.localized(raw, "condition", where)
        return RubricOption("", kind, placeholder, condition=text) if text else None
    if kind is None:
        return None
    raw_criterion = reader.table(raw, "criterion", where)
    if raw_criterion is None:
        return None
    if kind is OptionKind.CRITERION:
        section = reader.string(raw, "section", where)
        if section and section not in section_ids:
            reader.fail(where, f"section {section!r} is not a section of the rubric")
        # An extra criterion needs an id of its own: its points must never mix with another criterion's.
        criterion = build_criterion(reader, raw_criterion, f"{where}, criterion", set(criterion_ids), source_keys)
        return RubricOption("", kind, placeholder, section=section, criterion=criterion) if criterion else None
    replaces = reader.string(raw, "replaces", where)
    if replaces and replaces not in criterion_ids:
        reader.fail(where, f"replaces {replaces!r}, which is not a criterion of the rubric")
    criterion = build_criterion(reader, raw_criterion, f"{where}, criterion", set(), source_keys)
    if criterion and replaces in criterion_ids and criterion.id != replaces:
        reader.fail(where, f"a variant keeps the id of the criterion it replaces ({replaces!r}), not {criterion.id!r}")
    return RubricOption("", kind, placeholder, replaces=replaces, criterion=criterion) if criterion else None


def apply_options(rubric: Rubric, option_ids: Iterable[str]) -> Rubric:
    """The rubric a call scores with: its chosen options applied, with the hash of file and options together."""
    chosen = sorted(set(option_ids))
    if not chosen:
        return rubric
    by_id = {o.id: o for o in rubric.options}
    unknown = [i for i in chosen if i not in by_id]
    if unknown:
        raise ValueError(f"{rubric.id} {rubric.version} has no option {', '.join(unknown)}")
    options = [by_id[i] for i in chosen]
    extra = {o.criterion.id for o in options if o.kind is OptionKind.CRITERION}
    if len(extra) < sum(1 for o in options if o.kind is OptionKind.CRITERION):
        raise ValueError("two chosen options add the same criterion")
    replaced = [o.replaces for o in options if o.kind is OptionKind.VARIANT]
    if len(set(replaced)) < len(replaced):
        raise ValueError("two chosen options replace the same criterion")
    sections = []
    for section in rubric.sections:
        criteria = [next((o.criterion for o in options if o.kind is OptionKind.VARIANT and o.replaces == c.id), c)
                    for c in section.criteria]
        criteria += [o.criterion for o in options if o.kind is OptionKind.CRITERION and o.section == section.id]
        sections.append(replace(section, criteria=tuple(criteria)))
    digest = hashlib.sha256(f"{rubric.content_hash}|{','.join(chosen)}".encode()).hexdigest()
    return replace(rubric, sections=tuple(sections), content_hash=digest, chosen_options=tuple(chosen))
