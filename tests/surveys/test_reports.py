"""The PDF results report: public figures only, a real PDF in private storage, rendered once,
and requested once however often someone clicks."""

import datetime
import re
import zlib
from pathlib import Path
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core.files.storage import FileSystemStorage
from django.utils import timezone

from surveys import reports
from surveys.aggregation import survey_results_refresh
from surveys.demo import demo_responses_create
from surveys.models import Channel, SurveyReport
from surveys.questions.base import AnswerValue
from surveys.reports import survey_report_html
from surveys.services import Participant, response_submit, survey_report_request
from surveys.tasks import render_survey_report_task
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FREE_TEXT = "Zitronenfalterweg braucht eine Sitzbank"
OTHER_TEXT = "Kopfsteinpflaster am Marktplatz"


@pytest.fixture
def private_root(settings, tmp_path) -> Path:
    """Private storage beside, not below, MEDIA_ROOT (as in production)."""
    root = tmp_path / "private-media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root), "base_url": None},
        },
    }
    return root


@pytest.fixture
def answered(survey):
    demo_responses_create(survey, count=60, seed=11)
    for _ in range(2):
        response_submit(
            survey=survey,
            participant=Participant(key=None),
            answers=[
                AnswerValue("einkauf-zu-fuss", choice_key="nein"),
                AnswerValue("einkauf-hindernisse", choice_key="sonstiges", text=OTHER_TEXT),
                AnswerValue("wunsch", text=FREE_TEXT),
            ],
            channel=Channel.INTERVIEW,
        )
    survey_results_refresh(survey_id=survey.pk)
    return survey


def _pdf_page_count(pdf: bytes) -> int:
    """Page objects of a PDF, also those inside compressed object streams."""
    chunks = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            chunks.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return sum(len(re.findall(rb"/Type\s*/Page(?![s\w])", chunk)) for chunk in chunks)


def test_report_shows_public_figures_and_never_free_text(answered):
    answered.results_outcome = "<p>Ab März gibt es einen Mittagstisch.</p>"
    answered.save()

    html = survey_report_html(answered)

    assert answered.title in html
    assert "Beiertheim-Bulach" in html
    assert "Gruppen mit weniger als 5 Personen sind ausgeblendet" in html
    assert "Ab März gibt es einen Mittagstisch." in html
    assert html.count('class="results-question ') == 12
    assert "results-hidden" in html  # some counts are below k
    assert FREE_TEXT not in html
    assert OTHER_TEXT not in html
    assert "Unter „Sonstiges“ genannt" not in html
    # Nothing to fetch: charts are inline SVG, styles inline.
    assert "<link" not in html
    assert 'src="' not in html


def test_task_writes_a_pdf_into_private_storage_once(answered, private_root, settings):
    report = SurveyReport.objects.create(survey=answered)

    assert render_survey_report_task.apply(args=[report.pk]).get() == "ready"

    report.refresh_from_db()
    assert report.status == SurveyReport.Status.READY
    assert report.finished_at is not None
    assert report.results_computed_at == answered.result.computed_at
    path = Path(report.file.path)
    assert path.is_relative_to(private_root)
    assert not path.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    with report.file.open("rb") as file:
        pdf = file.read()
    assert pdf.startswith(b"%PDF")
    assert _pdf_page_count(pdf) >= 4  # title, method, questions over several pages

    # Run again (a redelivered task): nothing is rendered, the file stays.
    first = (report.file.name, report.finished_at)
    with mock.patch.object(reports, "_report_html", side_effect=AssertionError("rendered")):
        assert render_survey_report_task.apply(args=[report.pk]).get() == "ready"
    report.refresh_from_db()
    assert (report.file.name, report.finished_at) == first
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_a_report_that_cannot_be_laid_out_fails(answered, private_root):
    report = SurveyReport.objects.create(survey=answered)

    with mock.patch.object(reports, "_report_html", side_effect=ValueError("broken template")):
        render_survey_report_task.apply(args=[report.pk])

    report.refresh_from_db()
    assert report.status == SurveyReport.Status.FAILED
    assert report.finished_at is not None
    assert not report.file
    assert not private_root.exists() or not any(private_root.rglob("*.pdf"))


def test_storage_errors_are_retried_then_the_report_fails(answered, private_root):
    report = SurveyReport.objects.create(survey=answered)
    last_try = render_survey_report_task.max_retries

    with mock.patch.object(FileSystemStorage, "save", side_effect=OSError("disk full")):
        with pytest.raises(Retry):
            render_survey_report_task.apply(args=[report.pk])
        report.refresh_from_db()
        assert report.status == SurveyReport.Status.PENDING  # to be tried again

        with pytest.raises(OSError, match="disk full"):
            render_survey_report_task.apply(args=[report.pk], retries=last_try)

    report.refresh_from_db()
    assert report.status == SurveyReport.Status.FAILED
    assert not report.file


def test_report_without_results_yet_still_renders(survey, private_root):
    report = SurveyReport.objects.create(survey=survey)

    render_survey_report_task.apply(args=[report.pk])

    report.refresh_from_db()
    assert report.status == SurveyReport.Status.READY
    assert report.results_computed_at is None
    assert "noch keine Ergebnisse berechnet" in survey_report_html(survey)


def test_request_renders_after_commit_and_reuses_a_pending_report(
    survey, django_capture_on_commit_callbacks
):
    user = UserFactory()

    with (
        mock.patch("surveys.services.render_survey_report_task") as task,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        first = survey_report_request(survey=survey, user=user)
        again = survey_report_request(survey=survey, user=user)

    assert again == first
    assert first.status == SurveyReport.Status.PENDING
    assert first.requested_by == user
    assert len(callbacks) == 1
    task.delay.assert_called_once_with(first.pk)


def test_request_after_ten_minutes_or_a_finished_report_makes_a_new_one(
    survey, django_capture_on_commit_callbacks
):
    with (
        mock.patch("surveys.services.render_survey_report_task"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        old = survey_report_request(survey=survey, user=None)
        SurveyReport.objects.filter(pk=old.pk).update(
            requested_at=timezone.now() - datetime.timedelta(minutes=11)
        )
        newer = survey_report_request(survey=survey, user=None)
        SurveyReport.objects.filter(pk=newer.pk).update(status=SurveyReport.Status.READY)
        newest = survey_report_request(survey=survey, user=None)

    assert len({old.pk, newer.pk, newest.pk}) == 3
    assert SurveyReport.objects.filter(survey=survey).count() == 3
