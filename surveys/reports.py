"""The PDF results report of a survey, for the network's meeting and for passing on.

A report leaves the platform (printed, e-mailed, attached to minutes), so it shows the public
figures only: small groups suppressed, no free text (DESIGN decision 7). WeasyPrint lays it
out from one HTML template with inline CSS and inline SVG charts, with the system's fonts
(DejaVu, Liberation) and without fetching anything: it needs no web server.
"""

import functools
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone, translation

from surveys.models import SurveyPage, SurveyReport, SurveyResult
from surveys.selectors import survey_results_get

logger = logging.getLogger(__name__)


@functools.cache
def weasyprint_module():
    """WeasyPrint, or None where it or the system's Pango library is missing (as for the
    access-code sheets; imported here so that workers need no admin module)."""
    try:
        import weasyprint
    except (ImportError, OSError):
        return None
    return weasyprint


def _report_context(survey: SurveyPage) -> dict:
    results = survey_results_get(survey=survey, public=True)
    completion_rate = None
    if results is not None and results.responses is not None:
        # A rate over all questionnaires, never a count of a small group: safe to print.
        network = SurveyResult.objects.filter(survey=survey).values_list("figures", flat=True)
        completion_rate = (network.first() or {}).get("completion_rate")
    return {
        "survey": survey,
        "results": results,
        "k": survey.results_min_group,
        "completion_rate": completion_rate,
        "created_at": timezone.now(),
        "language": settings.LANGUAGE_CODE,
    }


def _report_html(context: dict) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("surveys/report/report.html", context)


def survey_report_html(survey: SurveyPage) -> str:
    """The report as HTML, with the public figures only, in the site's language. Reads only."""
    return _report_html(_report_context(survey))


def _no_fetching(url: str, *args, **kwargs):
    """The report embeds everything it shows; a link in the editors' text is never fetched."""
    raise ValueError(f"The results report fetches nothing ({url})")


def _finish(report_id: int, **fields) -> int:
    """Set a pending report's outcome; 0 if another run finished it first."""
    return SurveyReport.objects.filter(pk=report_id, status=SurveyReport.Status.PENDING).update(
        finished_at=timezone.now(), **fields
    )


def survey_report_fail(*, report_id: int) -> None:
    """Mark a report that could not be rendered as FAILED (a pending one only). Idempotent."""
    _finish(report_id, status=SurveyReport.Status.FAILED)


def survey_report_render(*, report_id: int) -> SurveyReport | None:
    """Render a pending report's PDF into private storage and mark it READY, or FAILED when
    the layout fails. Idempotent: a report that is no longer pending is returned untouched,
    and of two runs at once only the first to finish keeps its file. An OSError (storage,
    fonts) propagates, for the task to try again."""
    report = SurveyReport.objects.select_related("survey").filter(pk=report_id).first()
    if report is None or report.status != SurveyReport.Status.PENDING:
        return report
    weasyprint = weasyprint_module()
    if weasyprint is None:
        logger.error("Report %s failed: WeasyPrint or its Pango library is missing", report_id)
        survey_report_fail(report_id=report_id)
        report.refresh_from_db()
        return report
    context = _report_context(report.survey)
    try:
        html = _report_html(context)
        document = weasyprint.HTML(
            string=html, base_url=settings.WAGTAILADMIN_BASE_URL, url_fetcher=_no_fetching
        )
        pdf = document.write_pdf(pdf_tags=True)  # tagged: screen readers follow its structure
    except OSError:
        raise
    except Exception:
        logger.exception("Report %s of survey %s failed", report_id, report.survey_id)
        survey_report_fail(report_id=report_id)
        report.refresh_from_db()
        return report
    stamp = timezone.localtime(context["created_at"]).strftime("%Y%m%d-%H%M")
    name = report.file.field.generate_filename(
        report, f"ergebnisbericht-{report.survey.slug}-{stamp}.pdf"
    )
    stored = report.file.storage.save(name, ContentFile(pdf))
    results = context["results"]
    finished = _finish(
        report_id,
        status=SurveyReport.Status.READY,
        file=stored,
        results_computed_at=results.computed_at if results else None,
    )
    if not finished:
        report.file.storage.delete(stored)  # another run was faster; keep its file only
    report.refresh_from_db()
    logger.info("Report %s of survey %s: %s bytes", report_id, report.survey_id, len(pdf))
    return report
