"""Open data: the catalogue of datasets (GET /api/v1/open-data/) and their files.

What counts as open data is decided once, in cms.open_data_selectors (the "Offene Daten" page
uses the same selector). Survey files hold the public, suppressed figures only; idea files hold
published ideas only, without author or contact address. Every file names its licence, its
publisher and the page it comes from; every CSV row carries the licence, so that a part
copied out of a file still says under which terms it may be used.

Open data is meant for other sites: the catalogue and the files allow any origin (CORS).
"""

import django_filters
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.models import Page

from beteiligung.api.downloads import FileDownloadNegotiation, download_schema
from beteiligung.tabular import attachment, csv_download
from cms.api.serializers import DistrictRefSerializer
from cms.open_data import (
    KINDS,
    Dataset,
    dataset_build,
    idea_records,
    ideas_table,
    open_data_licence,
    open_data_publisher,
    survey_results_table,
)
from cms.open_data_selectors import (
    KIND_IDEAS,
    KIND_RESULTS,
    open_data_dataset_get,
    open_data_datasets,
)
from surveys.api.results import SurveyResultsDataSerializer, survey_results_data
from surveys.selectors import survey_results_get

TAGS = ["Open data"]
NO_SURVEY_DATASET = _(
    "Zu dieser Befragung gibt es keine offenen Daten: Sie ist nicht veröffentlicht, ihre "
    "Ergebnisse sind nicht öffentlich oder noch nicht berechnet."
)
NO_IDEAS_DATASET = _(
    "Zu dieser Ideensammlung gibt es keine offenen Daten: Sie ist nicht veröffentlicht oder "
    "hat noch keine veröffentlichten Ideen."
)


class OpenDataMixin:
    """Any site may read open data (CORS), and a script may read the file's name."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "Content-Disposition"
        return response


# --- serializers ------------------------------------------------------------------------------


class LicenceSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="e.g. dl-de/by-2-0 (Datenlizenz Deutschland 2.0).")
    url = serializers.URLField(help_text="The licence text.")


class DownloadsSerializer(serializers.Serializer):
    csv = serializers.URLField(
        source="csv_url",
        help_text="CSV in the German spreadsheet dialect: semicolons, decimal comma, UTF-8 "
        "with BOM; the licence in every row.",
    )
    json = serializers.URLField(source="json_url")


class OpenDataDatasetOutputSerializer(serializers.Serializer):
    """One dataset of the catalogue; built from a row of cms.open_data.open_data_datasets."""

    id = serializers.IntegerField(help_text="The survey's or idea collection's id.")
    kind = serializers.ChoiceField(
        choices=KINDS, help_text="results: a survey's results; ideas: a collection's ideas."
    )
    title = serializers.CharField()
    district = DistrictRefSerializer(allow_null=True, help_text="null: city-wide.")
    description = serializers.CharField()
    modified = serializers.DateTimeField(help_text="Stand: when the data last changed.")
    licence = serializers.SerializerMethodField()
    publisher = serializers.SerializerMethodField()
    source = serializers.URLField(
        source="source_url", help_text="The page the data comes from (results page or collection)."
    )
    downloads = DownloadsSerializer(source="*")

    def to_representation(self, row: Page):
        return super().to_representation(dataset_build(row, self.context["request"]))

    @extend_schema_field(LicenceSerializer)
    def get_licence(self, dataset: Dataset) -> dict:
        return open_data_licence()

    def get_publisher(self, dataset: Dataset) -> str:
        return open_data_publisher(self.context["request"])


class OpenDataFileSerializer(serializers.Serializer):
    """What every JSON file says about itself."""

    licence = LicenceSerializer()
    publisher = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    district = DistrictRefSerializer(allow_null=True, help_text="null: city-wide.")
    source = serializers.URLField(help_text="The page the data comes from.")
    modified = serializers.DateTimeField(help_text="Stand of the data.")


class OpenDataSurveyResultsOutputSerializer(OpenDataFileSerializer, SurveyResultsDataSerializer):
    """A survey's public results file: the figures of GET /surveys/{id}/results/."""


class OpenDataIdeaSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    category = serializers.CharField(help_text="Themenfeld; empty when none.")
    status = serializers.CharField(help_text="submitted, in_review, accepted, declined, …")
    status_label = serializers.CharField()
    feedback = serializers.CharField(help_text="The latest public feedback; empty when none.")
    feedback_date = serializers.DateField(allow_null=True)
    supports = serializers.IntegerField()
    comments = serializers.IntegerField(help_text="Published comments.")
    location_text = serializers.CharField()
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, allow_null=True, coerce_to_string=False
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, allow_null=True, coerce_to_string=False
    )
    created = serializers.DateField(help_text="Day the idea was sent.")
    url = serializers.URLField(help_text="The idea's page.")


class OpenDataIdeasOutputSerializer(OpenDataFileSerializer):
    ideas = OpenDataIdeaSerializer(many=True, help_text="Published ideas, oldest first.")


# --- the catalogue ----------------------------------------------------------------------------


class OpenDataFilter(django_filters.FilterSet):
    district = django_filters.CharFilter(
        field_name="district_slug", help_text="Only this district's datasets (its slug)."
    )
    kind = django_filters.ChoiceFilter(
        field_name="kind", choices=KINDS, help_text="Only datasets of this kind."
    )


class OpenDataListView(OpenDataMixin, generics.ListAPIView):
    """The catalogue: every dataset the site publishes as open data."""

    serializer_class = OpenDataDatasetOutputSerializer
    filterset_class = OpenDataFilter
    ordering_fields = ["title", "modified"]
    ordering = ["title", "pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Page.objects.none()  # the schema needs the model, not the view restrictions
        return open_data_datasets()

    @extend_schema(
        tags=TAGS,
        summary="Open data catalogue",
        description=(
            "Every survey whose results are public (kind `results`) and every published idea "
            "collection with published ideas (kind `ideas`), with licence, publisher, Stand "
            "and the addresses of the CSV and JSON files. Any origin may read it (CORS)."
        ),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


# --- the files --------------------------------------------------------------------------------


class OpenDataFileView(OpenDataMixin, APIView):
    content_negotiation_class = FileDownloadNegotiation
    kind = ""
    not_found = ""

    def get_dataset(self, pk: int) -> tuple[Dataset, Page]:
        """The dataset and its specific page; 404 for anything that is not open data."""
        row = open_data_dataset_get(kind=self.kind, page_id=pk)
        if row is None:
            raise NotFound(self.not_found)
        return dataset_build(row, self.request), row.specific

    def file_header(self, dataset: Dataset) -> dict:
        return {
            "licence": open_data_licence(),
            "publisher": open_data_publisher(self.request),
            "title": dataset.title,
            "description": dataset.description,
            "district": dataset.district,
            "source": dataset.source_url,
            "modified": dataset.modified,
        }


class SurveyResultsFileView(OpenDataFileView):
    kind = KIND_RESULTS
    not_found = NO_SURVEY_DATASET

    def get_results(self, pk: int):
        dataset, survey = self.get_dataset(pk)
        results = survey_results_get(survey=survey, public=True)
        if results is None:  # the catalogue asks for computed results; a reset may intervene
            raise NotFound(self.not_found)
        return dataset, survey, results


RESULTS_FILE = (
    "The public figures of a survey whose results are public: one row per question and "
    "option and per breakdown group; counts of fewer than the survey's minimum group size "
    "(and counts that would reveal them) are empty with a note; free text is never included. "
    "Every row ends with the licence and the source. 404 when the survey is not open data."
)


@extend_schema_view(
    get=download_schema(
        "csv",
        tags=TAGS,
        summary="Survey results as CSV",
        description=RESULTS_FILE,
        operation_id="open_data_survey_results_csv",
    )
)
class SurveyResultsCsvView(SurveyResultsFileView):
    def get(self, request, pk: int):
        dataset, survey, results = self.get_results(pk)
        header, rows = survey_results_table(
            results, k=survey.results_min_group, request=request, source_url=dataset.source_url
        )
        return csv_download(header, rows, dataset.filename("csv"))


class SurveyResultsJsonView(SurveyResultsFileView):
    @extend_schema(
        tags=TAGS,
        summary="Survey results as JSON",
        description=(
            "Licence, publisher, source and Stand, then the figures of GET "
            "/surveys/{id}/results/ (hidden counts are null). 404 when the survey is not open "
            "data."
        ),
        responses={200: OpenDataSurveyResultsOutputSerializer},
        operation_id="open_data_survey_results_json",
    )
    def get(self, request, pk: int):
        dataset, survey, results = self.get_results(pk)
        data = {**self.file_header(dataset), **survey_results_data(results, survey=survey)}
        return attachment(
            Response(OpenDataSurveyResultsOutputSerializer(data).data), dataset.filename("json")
        )


IDEAS_FILE = (
    "The published ideas of a collection, one row per idea: title, description, Themenfeld, "
    "status, latest public feedback, supports, published comments, place (text, latitude, "
    "longitude), day sent and address; never the author or a contact address, never a "
    "waiting, rejected or merged idea. Every row ends with the licence and the source. 404 "
    "when the collection is not open data."
)


@extend_schema_view(
    get=download_schema(
        "csv",
        tags=TAGS,
        summary="Ideas as CSV",
        description=IDEAS_FILE,
        operation_id="open_data_collection_ideas_csv",
    )
)
class CollectionIdeasCsvView(OpenDataFileView):
    kind = KIND_IDEAS
    not_found = NO_IDEAS_DATASET

    def get(self, request, pk: int):
        dataset, collection = self.get_dataset(pk)
        header, rows = ideas_table(
            collection=collection, request=request, source_url=dataset.source_url
        )
        return csv_download(header, rows, dataset.filename("csv"))


class CollectionIdeasJsonView(OpenDataFileView):
    kind = KIND_IDEAS
    not_found = NO_IDEAS_DATASET

    @extend_schema(
        tags=TAGS,
        summary="Ideas as JSON",
        description=IDEAS_FILE.replace("one row per idea", "one object per idea").replace(
            " Every row ends with the licence and the source.", ""
        ),
        responses={200: OpenDataIdeasOutputSerializer},
        operation_id="open_data_collection_ideas_json",
    )
    def get(self, request, pk: int):
        dataset, collection = self.get_dataset(pk)
        data = {
            **self.file_header(dataset),
            "ideas": list(idea_records(collection=collection, request=request)),
        }
        return attachment(
            Response(OpenDataIdeasOutputSerializer(data).data), dataset.filename("json")
        )


urlpatterns = [
    path("open-data/", OpenDataListView.as_view(), name="api-open-data-list"),
    path(
        "open-data/surveys/<id:pk>/results.csv",
        SurveyResultsCsvView.as_view(),
        name="api-open-data-survey-results-csv",
    ),
    path(
        "open-data/surveys/<id:pk>/results.json",
        SurveyResultsJsonView.as_view(),
        name="api-open-data-survey-results-json",
    ),
    path(
        "open-data/collections/<id:pk>/ideas.csv",
        CollectionIdeasCsvView.as_view(),
        name="api-open-data-collection-ideas-csv",
    ),
    path(
        "open-data/collections/<id:pk>/ideas.json",
        CollectionIdeasJsonView.as_view(),
        name="api-open-data-collection-ideas-json",
    ),
]
