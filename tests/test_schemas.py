"""The committed JSON Schema files must be exactly what the models generate."""

import json

import pytest

from rencana.contract.schemas import SCHEMAS, schema_text
from tests.conftest import REGENERATE, ROOT


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_matches_models(name):
    committed = (ROOT / "schemas" / name).read_text(encoding="utf-8")
    assert committed == schema_text(SCHEMAS[name]), f"schemas/{name} drifted: run `make schemas`"


def test_decree_schema_names_the_contract_keys():
    schema = json.loads(schema_text(SCHEMAS["decree.schema.json"]))
    assert {"source", "metadata", "records", "warnings"} <= set(schema["properties"])
    record = schema["$defs"]["Record"]["properties"]
    assert {
        "area_number",
        "area",
        "activity",
        "indicator",
        "schedule_text",
        "months",
        "pages",
        "bbox",
    } <= set(record)


def test_regeneration_flag_is_off():
    assert not REGENERATE, "REGENERATE_EXPECTED must not be set when tests run"
