"""A survey's results in the Wagtail admin, for whoever manages the survey: the figures with
filters, the free-text answers, the aggregate downloads, the district comparison of city-wide
surveys and the PDF reports.

Without filters the page reads the stored projection only (two queries, DESIGN decision 6);
filters compute the figures on demand for the chosen responses. Every view asks
surveys.rules; a refusal is a plain 403 page, so a link into another district's results tells
nothing but "no access". URLs: `urlpatterns` below, included by surveys/wagtail_hooks.py.
"""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from beteiligung.projection import recompute_request
from beteiligung.tabular import attachment
from cms.dashboard_views import results_forbidden
from surveys.aggregation import survey_figures_compute, survey_questions
from surveys.models import SurveyPage, SurveyReport
from surveys.results_exports import (
    dimension_title,
    group_label,
    results_download,
)
from surveys.results_filters import ResultsFilterForm
from surveys.rules import user_can_manage_responses
from surveys.selectors import (
    SurveyResults,
    survey_reports_list,
    survey_results_exist,
    survey_results_get,
    survey_text_answers,
)
from surveys.services import survey_report_request
from surveys.tasks import recompute_survey_results_task

ICON = "table"
TEXT_ANSWERS_PER_PAGE = 50
REPORTS_SHOWN = 10
# --- shared ----------------------------------------------------------------------------------


class SurveyResultsMixin(WagtailAdminTemplateMixin):
    """Loads the survey named in the URL and refuses (403) users who may not manage it."""

    header_icon = ICON

    def dispatch(self, request, *args, **kwargs):
        self.survey = get_object_or_404(
            SurveyPage.objects.select_related("district"), pk=kwargs["survey_id"]
        )
        if not self.has_permission(request.user):
            return results_forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def has_permission(self, user) -> bool:
        return user_can_manage_responses(user, self.survey)

    def results_url(self) -> str:
        return reverse("surveys_admin:results", args=[self.survey.pk])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("results_dashboard"), "label": _("Ergebnisse")},
            {"url": self.results_url(), "label": self.survey.title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_page_subtitle(self):
        return self.survey.title

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            survey=self.survey, k=self.survey.results_min_group, **kwargs
        )


def has_district_comparison(survey: SurveyPage) -> bool:
    """City-wide surveys that ask for the district have results per district."""
    return survey.district_id is None and bool(survey.district_question)


def text_questions(results: SurveyResults | None) -> list[dict]:
    if results is None:
        return []
    return [question for question in results.questions if question["kind"] == "text"]


# --- the results page ------------------------------------------------------------------------


class SurveyResultsView(SurveyResultsMixin, TemplateView):
    """The network's figures of a survey; filtered ones are computed for this request."""

    template_name = "results/admin/survey_results.html"
    page_title = gettext_lazy("Ergebnisse")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("results_dashboard"), "label": _("Ergebnisse")},
            {"url": "", "label": self.survey.title},
        ]

    def get(self, request, *args, **kwargs):
        filters = ResultsFilterForm(request.GET or None, survey=self.survey)
        if filters.is_bound and not filters.is_valid():
            context = self.get_context_data(filters=filters, results=None, filtered=False)
            return self.render_to_response(context, status=400)
        if filters.is_bound and filters.active:
            return self.render_to_response(
                self.get_context_data(
                    filters=filters, results=self.filtered_results(filters), filtered=True
                )
            )
        results = survey_results_get(survey=self.survey, public=False)
        return self.render_to_response(
            self.get_context_data(filters=filters, results=results, stored=results, filtered=False)
        )

    def filtered_results(self, filters: ResultsFilterForm) -> SurveyResults:
        survey_figures, questions = survey_figures_compute(
            survey=self.survey, responses=filters.responses(self.survey)
        )
        # The filters select submitted responses only: how many started and where the others
        # stopped says nothing here.
        survey_figures.update(started=None, completion_rate=None, drop_off=[])
        return SurveyResults(
            computed_at=timezone.now(),
            responses=survey_figures["responses"],
            survey_figures=survey_figures,
            questions=questions,
            dirty=False,
        )

    def get_context_data(self, **kwargs):
        results = kwargs.get("results")
        if "stored" in kwargs:
            has_stored = kwargs["stored"] is not None
        else:
            has_stored = survey_results_exist(survey=self.survey)
        reports = survey_reports_list(survey=self.survey, limit=REPORTS_SHOWN)
        return super().get_context_data(
            has_stored=has_stored,
            text_questions=[
                {
                    "label": question["label"],
                    "answered": question.get("answered"),
                    "url": reverse(
                        "surveys_admin:text_answers", args=[self.survey.pk, question["key"]]
                    ),
                }
                for question in text_questions(results)
            ],
            # survey_results.html puts each text question's key in place of __key__.
            text_answers_url=reverse(
                "surveys_admin:text_answers", args=[self.survey.pk, "__key__"]
            ),
            reports=reports,
            has_comparison=has_district_comparison(self.survey),
            **kwargs,
        )


class RecomputeView(SurveyResultsMixin, View):
    """Asks for a recomputation of the stored results now (coalesced like any other)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if recompute_request(recompute_survey_results_task, self.survey.pk):
            messages.success(
                request,
                _(
                    "Die Ergebnisse werden neu berechnet. Laden Sie die Seite in einigen "
                    "Sekunden neu."
                ),
            )
        else:
            messages.info(
                request,
                _(
                    "Eine Neuberechnung ist schon unterwegs oder folgt in Kürze von selbst. "
                    "Laden Sie die Seite gleich neu."
                ),
            )
        return redirect(self.results_url())


# --- free-text answers -----------------------------------------------------------------------


class TextAnswersView(SurveyResultsMixin, TemplateView):
    """The answers to one free-text question, newest first; for the network only."""

    template_name = "results/admin/text_answers.html"

    def dispatch(self, request, *args, **kwargs):
        self.question_key = kwargs["question_key"]
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Freitextantworten")

    def get_context_data(self, **kwargs):
        question = next(
            (
                question
                for question in survey_questions(self.survey)
                if question.key == self.question_key and question.kind == "text"
            ),
            None,
        )
        if question is None:
            raise Http404
        answers = survey_text_answers(survey=self.survey, question_key=question.key)
        paginator = Paginator(answers, TEXT_ANSWERS_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        return super().get_context_data(
            question_label=question.value["label"],
            answers=page,
            total=paginator.count,
            elided_page_range=paginator.get_elided_page_range(page.number),
            results_url=self.results_url(),
            **kwargs,
        )


# --- downloads of the aggregates -------------------------------------------------------------


class ResultsExportView(SurveyResultsMixin, View):
    """The PUBLIC (suppressed) figures as a table: safe to forward, print and publish."""

    file_format = ""

    def get(self, request, *args, **kwargs):
        results = survey_results_get(survey=self.survey, public=True)
        if results is None:
            raise Http404
        return results_download(survey=self.survey, results=results, file_format=self.file_format)


# --- PDF reports -----------------------------------------------------------------------------


class ReportRequestView(SurveyResultsMixin, View):
    """Asks for a PDF report of the current results; a task writes it."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        survey_report_request(survey=self.survey, user=request.user)
        messages.success(
            request,
            _(
                "Der PDF-Bericht wird erstellt. Das dauert meist weniger als eine Minute; "
                "laden Sie die Seite dann neu."
            ),
        )
        return redirect(self.results_url() + "#bericht")


class ReportDownloadView(SurveyResultsMixin, View):
    """A finished report of this survey, only for those who may manage it."""

    def get(self, request, *args, **kwargs):
        report = get_object_or_404(
            SurveyReport,
            pk=kwargs["report_id"],
            survey=self.survey,
            status=SurveyReport.Status.READY,
        )
        if not report.file:
            raise Http404
        stamp = timezone.localtime(report.results_computed_at or report.requested_at)
        filename = f"bericht-{self.survey.slug}-{stamp:%Y-%m-%d-%H%M}.pdf"
        # FileResponse streams the file in blocks and closes it.
        response = FileResponse(report.file.open("rb"), content_type="application/pdf")
        return attachment(response, filename)


# --- district comparison ---------------------------------------------------------------------


def _share(count: int, base: int) -> float | None:
    return count / base if base else None


def comparison_tables(results: SurveyResults, *, district_question: str) -> list[dict]:
    """Per closed question (and matrix row), the options as rows and the districts with any
    answers as columns, each cell a share of that district's respondents with its count.
    The district question itself is left out: by district it only repeats the districts."""
    tables = []
    for question in results.questions:
        if question["key"] == district_question:
            continue
        for breakdown in question.get("breakdowns", []):
            if breakdown["dimension"] != "district" or "columns" not in breakdown:
                continue
            groups = [group for group in breakdown["groups"] if group["n"]]
            if not groups:
                continue
            total = breakdown["total"]
            tables.append(
                {
                    "key": question["key"],
                    "label": question["label"],
                    "row_label": breakdown.get("row_label", ""),
                    "first_places": breakdown.get("measure") == "first",
                    "groups": [
                        {"label": group_label(group["label"]), "n": group["n"]} for group in groups
                    ],
                    "total": total,
                    "rows": [
                        {
                            "label": column["label"],
                            "cells": [
                                {
                                    "share": _share(group["counts"][index], group["n"]),
                                    "count": group["counts"][index],
                                }
                                for group in groups
                            ],
                            "total": {
                                "share": _share(breakdown["column_totals"][index], total),
                                "count": breakdown["column_totals"][index],
                            },
                        }
                        for index, column in enumerate(breakdown["columns"])
                    ],
                }
            )
    return tables


class ComparisonView(SurveyResultsMixin, TemplateView):
    """Districts side by side for a city-wide survey that asks for the district."""

    template_name = "results/admin/comparison.html"
    page_title = gettext_lazy("Stadtteilvergleich")

    def get_context_data(self, **kwargs):
        if not has_district_comparison(self.survey):
            raise Http404
        results = survey_results_get(survey=self.survey, public=False)
        return super().get_context_data(
            results=results,
            tables=(
                comparison_tables(results, district_question=self.survey.district_question)
                if results
                else []
            ),
            dimension_title=dimension_title("district", ""),
            **kwargs,
        )


urlpatterns = [
    path("<int:survey_id>/ergebnisse/", SurveyResultsView.as_view(), name="results"),
    path(
        "<int:survey_id>/ergebnisse/neu-berechnen/",
        RecomputeView.as_view(),
        name="results_recompute",
    ),
    path(
        "<int:survey_id>/ergebnisse/freitexte/<slug:question_key>/",
        TextAnswersView.as_view(),
        name="text_answers",
    ),
    path(
        "<int:survey_id>/ergebnisse.csv",
        ResultsExportView.as_view(file_format="csv"),
        name="results_csv",
    ),
    path(
        "<int:survey_id>/ergebnisse.xlsx",
        ResultsExportView.as_view(file_format="xlsx"),
        name="results_xlsx",
    ),
    path(
        "<int:survey_id>/ergebnisse/bericht/",
        ReportRequestView.as_view(),
        name="report_request",
    ),
    path(
        "<int:survey_id>/ergebnisse/bericht/<int:report_id>.pdf",
        ReportDownloadView.as_view(),
        name="report_download",
    ),
    path("<int:survey_id>/vergleich/", ComparisonView.as_view(), name="comparison"),
]
