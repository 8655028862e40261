"""``croissant.json``: the MLCommons Croissant 1.0 descriptor of the built CSV files, for catalogues and ML tools.

Written from the data package by the build: one FileObject per CSV (with its
sha256), one RecordSet per table, one Field per column with its description,
type, key and references to other tables, so ``mlcroissant`` and the catalogues
that read Croissant can load the tables without this package.
"""

from __future__ import annotations

from typing import Any

from ..models.kinds import EXTENSION, KINDS

# The JSON-LD context that the Croissant 1.0 specification gives for every descriptor.
CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}
FILE = "croissant.json"


def _field(table: str, field: dict[str, Any], references: dict[str, str], csv_id: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "@type": "cr:Field",
        "@id": f"{table}/{field['name']}",
        "name": field["name"],
        "description": field["description"],
        "dataType": KINDS[field[EXTENSION]["kind"]].croissant,
        "source": {"fileObject": {"@id": csv_id}, "extract": {"column": field["name"]}},
    }
    if field["name"] in references:
        out["references"] = {"field": {"@id": f"{references[field['name']]}/id"}}
    return out


def croissant(package: dict[str, Any], cite_as: str) -> dict[str, Any]:
    """The Croissant descriptor of a built data package (its ``datapackage.json`` as a dict)."""
    distribution, record_sets = [], []
    for resource in package["resources"]:
        name, schema = resource["name"], resource["schema"]
        csv_id = resource["path"]
        distribution.append({
            "@type": "cr:FileObject",
            "@id": csv_id,
            "name": csv_id,
            "description": f"The {name} table as CSV (UTF-8, comma-separated, one header row).",
            "contentUrl": resource["path"],
            "contentSize": f"{resource['bytes']} B",
            "encodingFormat": "text/csv",
            "sha256": resource["hash"].removeprefix("sha256:"),
        })
        # References to other tables only: mlcroissant orders record sets by their references, and a
        # table that points at itself (assistance.part_of) would be a cycle it cannot read.
        references = {k["fields"][0]: k["reference"]["resource"] for k in schema.get("foreignKeys", [])
                      if "resource" in k["reference"]}
        record_sets.append({
            "@type": "cr:RecordSet",
            "@id": name,
            "name": name,
            "description": resource["description"],
            "key": [{"@id": f"{name}/{column}"} for column in schema["primaryKey"]],
            "field": [_field(name, f, references, csv_id) for f in schema["fields"]],
        })
    licence = package["licenses"][0]
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "name": package["name"],
        "alternateName": package["title"],
        "description": package["description"],
        "version": package["version"],
        "datePublished": package["created"],
        "license": licence["path"],
        "keywords": package["keywords"],
        "creator": [{"@type": "sc:Organization", "name": c["title"]} for c in package["contributors"]],
        "citeAs": cite_as,
        "isLiveDataset": False,
    }
    if package.get("homepage"):
        document["url"] = package["homepage"]
    document["distribution"] = distribution
    document["recordSet"] = record_sets
    return document
