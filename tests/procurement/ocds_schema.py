"""The OCDS 1.1.5 release package schema merged with the five extensions the export declares,
offline, as tests/procurement/ocds-1.1.5/extensions/README.md says: each extension's
release-schema.json applied to the core release schema by JSON Merge Patch (RFC 7386), the merged
schema registered under the core schema's URL, Draft 4."""

import csv
import functools
import json
from pathlib import Path

import referencing
import referencing.jsonschema
from jsonschema import Draft4Validator

SCHEMAS = Path(__file__).resolve().parent / "ocds-1.1.5"
EXTENSIONS = SCHEMAS / "extensions"
# Lots first: the others patch its Lot.
EXTENSION_FOLDERS = [
    "ocds_lots_extension",
    "ocds_otherRequirements_extension",
    "ocds_contractTerms_extension",
    "ocds_submissionTerms_extension",
    "ocds_sustainability_extension",
]
RELEASE_SCHEMA_URL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"


def merge(target, patch):
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge(result.get(key), value)
    return result


def read(path):
    return json.loads(path.read_text(encoding="utf-8"))


@functools.cache
def release_schema():
    merged = read(SCHEMAS / "release-schema.json")
    for folder in EXTENSION_FOLDERS:
        merged = merge(merged, read(EXTENSIONS / folder / "release-schema.json"))
    return merged


@functools.cache
def package_validator():
    schema = release_schema()
    assert schema["id"] == RELEASE_SCHEMA_URL
    Draft4Validator.check_schema(schema)
    resource = referencing.Resource(schema, specification=referencing.jsonschema.DRAFT4)
    registry = referencing.Registry().with_resource(RELEASE_SCHEMA_URL, resource)
    return Draft4Validator(read(SCHEMAS / "release-package-schema.json"), registry=registry)


def errors(package):
    """The schema's complaints about `package`, as readable strings (empty when it is valid)."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in package_validator().iter_errors(package)
    ]


@functools.cache
def codes(folder, codelist):
    """The Code column of an extension's codelist CSV."""
    with open(EXTENSIONS / folder / "codelists" / codelist, encoding="utf-8", newline="") as source:
        return frozenset(row["Code"] for row in csv.DictReader(source))


def open_codelist_errors(package):
    """The values of the open codelists the schema does not enforce, checked against their CSVs:
    reservedParticipation, sustainabilityGoal and sustainabilityStrategy."""
    reserved = codes("ocds_otherRequirements_extension", "reservedParticipation.csv")
    goals = codes("ocds_sustainability_extension", "sustainabilityGoal.csv")
    strategies = codes("ocds_sustainability_extension", "sustainabilityStrategy.csv")
    found = []
    for release in package["releases"]:
        tender = release.get("tender", {})
        for part in [tender, *tender.get("lots", [])]:
            for code in part.get("otherRequirements", {}).get("reservedParticipation", []):
                if code not in reserved:
                    found.append(f"reservedParticipation {code}")
            for entry in part.get("sustainability", []):
                if "goal" in entry and entry["goal"] not in goals:
                    found.append(f"sustainabilityGoal {entry['goal']}")
                found.extend(
                    f"sustainabilityStrategy {code}"
                    for code in entry.get("strategies", [])
                    if code not in strategies
                )
    return found
