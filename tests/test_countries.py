"""The country tables the package carries as data agree with the library they were generated from."""

from __future__ import annotations

import pandas as pd
from countrycode import countrycode

import moroccous_data as md
from moroccous_data.models.countries import ALPHA3, COW


def test_cow_codes_are_those_of_the_countrycode_package() -> None:
    expected = countrycode(list(ALPHA3), origin="iso3c", destination="cown")
    assert COW == {code: int(cow) for code, cow in zip(ALPHA3, expected) if cow is not None}
    assert (COW["USA"], COW["MAR"], COW["DZA"]) == (2, 600, 615)


def test_every_country_column_has_its_cow_code_beside_it() -> None:
    for info in md.tables():
        frame = md.load(info.name)
        for column in [c for c in frame.columns if f"{c}_cow" in frame.columns]:
            for value, cow in zip(frame[column], frame[f"{column}_cow"]):
                if not isinstance(value, str):
                    continue
                codes = [COW.get(c) for c in value.split("|")]
                if None in codes:  # a territory that is no COW state (Western Sahara): no code rather than a partial one
                    assert pd.isna(cow), (info.name, column, value)
                else:
                    assert str(cow) == "|".join(map(str, codes)), (info.name, column, value)
