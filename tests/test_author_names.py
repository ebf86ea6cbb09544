"""Author names from pages nobody profiled (crawler.core.extraction.author_names)."""

from __future__ import annotations

import pytest

from crawler.core.extraction.author_names import author_names


@pytest.mark.parametrize(
    ("values", "publishers", "want"),
    [
        (
            ["Felix Schröder und Jörg Soldwisch, dpa"],
            (),
            ["Felix Schröder", "Jörg Soldwisch", "dpa"],
        ),
        (
            ["Trine Juncher Jørgensen og Tôrtia Reimer-Johansen"],
            (),
            ["Trine Juncher Jørgensen", "Tôrtia Reimer-Johansen"],
        ),
        (
            ["Elena Oberholzer (obe)", "Oliver Maksan (oma)"],
            (),
            ["Elena Oberholzer", "Oliver Maksan"],
        ),
        (["Sophie Foster", "Sophie-Foster"], (), ["Sophie Foster"]),
        (["한국일보", "신현주 기자"], ("한국일보",), ["신현주"]),
        # The publisher alone is the author the page names (an agency's or a desk's story).
        (["nieuwsblad.be"], ("Nieuwsblad",), ["nieuwsblad.be"]),
        (["BBC News"], ("BBC News",), ["BBC News"]),
        (
            [
                (
                    "Povilas Aleksandravičius, Mykolo Romerio universiteto Žmogaus ir visuomenės "
                    "studijų fakulteto profesorius, Lrt.lt"
                )
            ],
            (),
            ["Povilas Aleksandravičius"],
        ),
        # Names are never cut inside: a surname with "e" or "y" in it, a hyphen, initials.
        (["Ana Maria e Silva"], (), ["Ana Maria e Silva"]),
        (["José Ortega y Gasset"], (), ["José Ortega y Gasset"]),
        (["Jean-Yves Le Drian"], (), ["Jean-Yves Le Drian"]),
        (["J. R. Smith"], (), ["J. R. Smith"]),
        # Found by a review: long names, suffixes and surname-first names stay whole.
        (["Lt. Col. John A. Smith"], (), ["Lt. Col. John A. Smith"]),
        (["Luiz Inácio Lula da Silva"], (), ["Luiz Inácio Lula da Silva"]),
        (["William Smith, Jr."], (), ["William Smith, Jr."]),
        (["Smith, John"], (), ["Smith, John"]),
        # A second review: wires listed after a comma, and a description after a name.
        (["Reuters, AFP"], (), ["Reuters", "AFP"]),
        (["dpa, AFP"], (), ["dpa", "AFP"]),
        (["John Smith, professor of history at Yale University"], (), ["John Smith"]),
    ],
)
def test_one_name_per_person(
    values: list[str], publishers: tuple[str, ...], want: list[str]
) -> None:
    assert author_names(values, publishers) == want
