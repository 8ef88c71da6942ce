"""Schemathesis fuzzes every operation in the app's OpenAPI schema in-process: no 5xx, responses as documented."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.main import create_app
from indexer.archive import Archive
from indexer.pipeline import BuildReport
from indexer.settings import Settings

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# The schema does not depend on the data, so it is read from an app with no index; every case is then sent
# to the app over the fixture index. (schemathesis.pytest.from_fixture would be the natural loader, but
# schemathesis 4.32 sets `request.node._nodeid`, which pytest 9 no longer has.)
_DOC_APP = create_app(Settings(data_dir=Path("no-index-needed"), embedder="hash", api_token=None), fill_vectors=False)
schema = schemathesis.openapi.from_dict(_DOC_APP.openapi())


@pytest.fixture(scope="module")
def app(built: tuple[Settings, BuildReport], archive: Archive) -> FastAPI:
    return create_app(built[0], archive, fill_vectors=False)


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms(case: schemathesis.Case, app: FastAPI) -> None:
    case.call_and_validate(app=app, checks=CHECKS)
