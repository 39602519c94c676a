"""`rencana review`: the page lists the corpus, edits append corrections, and the next ingest
writes them to every output. The browser test drives Debian's Chromium through Selenium and
keeps one screenshot per page type in tests/artefacts/."""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import threading
import time
import warnings
from pathlib import Path

import pytest

from rencana.corpus.corrections import load
from rencana.corpus.ingest import IngestConfig, ingest
from tests.conftest import CORPUS, ROOT
from tests.ingest_fixtures import tiny_decree_pdf

pytest.importorskip("starlette", reason="the [review] extra is not installed")
with warnings.catch_warnings():  # Starlette 1.x would rather have httpx2; httpx works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from rencana.review.server import create_app

DECREE = CORPUS / "kpu-kab-jepara-2022.pdf"
NAME = DECREE.stem
ARTEFACTS = ROOT / "tests" / "artefacts"
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, executor) -> tuple[Path, Path]:
    """A plan decree and a decree without a plan table, ingested once."""
    folder = tmp_path_factory.mktemp("in")
    shutil.copy(DECREE, folder / DECREE.name)
    tiny_decree_pdf(folder / "front-matter.pdf", "3")
    out = tmp_path_factory.mktemp("out")
    assert ingest([folder], IngestConfig(out=out), executor=executor).exit_code == 0
    return folder, out


@pytest.fixture
def out(ingested, tmp_path) -> Path:
    """A copy of the ingested outputs for one test to correct."""
    copy = tmp_path / "out"
    shutil.copytree(ingested[1], copy)
    return copy


def records(out: Path) -> list[dict]:
    return [json.loads(text) for text in (out / "records.jsonl").read_text().splitlines()]


def test_the_index_lists_every_decree_of_the_corpus(out):
    page = TestClient(create_app(out)).get("/")
    assert page.status_code == 200
    assert f'href="/decree/{NAME}"' in page.text and 'href="/decree/front-matter"' in page.text


def test_decrees_that_need_review_come_first_with_their_reasons(out):
    # The quality verdict (issue 12) is read from the stored document when it has one.
    verdict = {"needs_review": True, "reasons": ["no plan table", {"message": "few records"}]}
    with sqlite3.connect(out / "plans.sqlite") as db:
        db.execute(
            "UPDATE decrees SET document = json_set(document, '$.quality', json(?)) "
            "WHERE name = 'front-matter'",
            (json.dumps(verdict),),
        )
    listing = create_app(out).state.corpus.listing()
    assert [(d["name"], d["needs_review"]) for d in listing] == [
        ("front-matter", True),
        (NAME, False),  # Jepara is read right: its verdict asks for no review
    ]
    assert listing[0]["reasons"] == ["no plan table", "few records"]
    assert listing[1]["reasons"] == ["font_shifted"]  # no reason to review: its warnings


def test_the_decree_page_shows_each_page_image_and_its_records(out):
    client = TestClient(create_app(out))
    page = client.get(f"/decree/{NAME}")
    assert page.status_code == 200
    first = records(out)[0]
    assert f'src="/decree/{NAME}/page/5.png"' in page.text
    assert 'id="box-0"' in page.text and 'id="r0"' in page.text
    assert first["indicator"] in page.text
    image = client.get(f"/decree/{NAME}/page/5.png")
    assert image.headers["content-type"] == "image/png" and image.content[:4] == b"\x89PNG"
    assert client.get(f"/decree/{NAME}/page/99.png").status_code == 404
    assert client.get("/decree/nothing").status_code == 404


def form_of(record: dict, **fields) -> dict:
    match = {k: record[k] for k in ("area_number", "activity", "indicator")}
    base = {
        "match": json.dumps(match),
        "activity": record["activity"],
        "indicator": record["indicator"],
        "target": record["target"] or "",
        "pic": record["pic"] or "",
        "months": [str(m) for m in record["months"]],
    }
    return {**base, **fields}


def test_edits_append_corrections_that_name_the_record_and_the_reviewer(out):
    client = TestClient(create_app(out, by="ana"), follow_redirects=False)
    first, second = records(out)[:2]
    url = f"/decree/{NAME}/record"
    unchanged = client.post(url, data=form_of(first, action="set"))
    assert unchanged.status_code == 303 and not (out / "corrections.jsonl").exists()
    client.post(url, data=form_of(first, action="set", months=["1", "7"], pic="Sekretaris"))
    client.post(url, data=form_of(second, action="delete", note="bukan indikator"))
    client.post(
        url,
        data={
            "action": "add",
            "page": "5",
            "area_number": "1",
            "activity": "Rapat",
            "indicator": "Notulen rapat",
            "months": ["3"],
        },
    )
    client.post(f"/decree/{NAME}/metadata", data={"plan_year": "2023", "title": ""})
    fixes = [n.correction for n in load(out / "corrections.jsonl")]
    assert [f.action for f in fixes] == ["set", "delete", "add", "metadata"]
    assert fixes[0].set == {"months": [1, 7], "pic": "Sekretaris"} and fixes[0].by == "ana"
    assert fixes[0].match.indicator == first["indicator"]
    assert fixes[1].note == "bukan indikator"
    assert fixes[2].add["months"] == [3] and fixes[2].add["pages"] == [5]
    assert fixes[3].metadata["plan_year"] == 2023 and "title" in fixes[3].metadata
    # The page shows the decree with its corrections applied.
    page = client.get(f"/decree/{NAME}").text
    assert "Notulen rapat" in page and second["indicator"] not in page
    bad = client.post(url, data=form_of(first, action="set", match='{"indicator": "?"}'))
    assert bad.status_code == 400


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(out):
    import uvicorn

    port = free_port()
    config = uvicorn.Config(
        create_app(out, by="browser"), host="127.0.0.1", port=port, log_level="warning"
    )
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(5)


@pytest.fixture
def browser():
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("Debian's chromium and chromium-driver are not installed (make system)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(argument)
    options.add_argument("--window-size=1400,900")
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    yield driver
    driver.quit()


def test_in_a_browser_a_months_edit_reaches_the_next_ingest(
    ingested, out, server, browser, executor
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as until
    from selenium.webdriver.support.ui import WebDriverWait

    ARTEFACTS.mkdir(exist_ok=True)
    wait = WebDriverWait(browser, 10)
    browser.get(server)
    listed = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "table.decrees a")]
    assert listed == ["front-matter", NAME]
    browser.save_screenshot(str(ARTEFACTS / "review-index.png"))

    browser.find_element(By.LINK_TEXT, NAME).click()
    record = wait.until(until.presence_of_element_located((By.ID, "r0")))
    record.find_element(By.CSS_SELECTOR, ".head").click()  # highlights its box on the page
    wait.until(lambda _: "active" in browser.find_element(By.ID, "box-0").get_attribute("class"))
    first = records(out)[0]
    assert first["months"] == [2]
    record.find_element(By.CSS_SELECTOR, "label[for='r0-m2']").click()  # Feb off
    record.find_element(By.CSS_SELECTOR, "label[for='r0-m4']").click()  # Apr on
    record.find_element(By.NAME, "note").send_keys("Jadwal diundur ke April")
    record.find_element(By.CSS_SELECTOR, "button[value='set']").click()
    wait.until(until.staleness_of(record))
    record = wait.until(until.presence_of_element_located((By.ID, "r0")))
    assert "corrected" in record.get_attribute("class")
    browser.find_element(By.ID, "box-0").click()  # and the other way round
    wait.until(lambda _: "active" in browser.find_element(By.ID, "r0").get_attribute("class"))
    time.sleep(0.6)  # the smooth scroll settles, then the page's top goes to the window's
    browser.execute_script("document.getElementById('page-5').scrollIntoView()")
    browser.save_screenshot(str(ARTEFACTS / "review-decree.png"))

    (fix,) = [n.correction for n in load(out / "corrections.jsonl")]
    assert fix.set == {"months": [4]} and fix.by == "browser"
    report = ingest([ingested[0]], IngestConfig(out=out), executor=executor)
    assert report.extracted == 0 and report.exit_code == 0
    row = records(out)[0]
    assert (row["months"], row["corrected"], row["correction_note"]) == (
        [4],
        True,
        "Jadwal diundur ke April",
    )
    with sqlite3.connect(out / "plans.sqlite") as db:
        months = db.execute(
            "SELECT month FROM record_months WHERE decree_id = ? AND record_index = 0",
            (row["decree_id"],),
        ).fetchall()
        stored = db.execute(
            "SELECT months, corrected FROM records WHERE decree_id = ? AND record_index = 0",
            (row["decree_id"],),
        ).fetchone()
    assert months == [(4,)] and stored == ("[4]", 1)
