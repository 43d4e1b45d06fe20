"""Idea collections for the district networks and Redaktion, with an API key: the collections
the key's user moderates, their moderation queue, results and export, and the moderation
decisions (ideas.api.moderation).

Every endpoint asks ideas.rules exactly as the admin does (ideas/admin_views.py): no key is
401, a collection, idea or comment of another district 403, an unknown id 404. Decisions go
through the admin's Django forms and ideas.services, so a refused transition is the admin's
refusal (400, or the service error's own status) and changes nothing. Moderation is not
rate-limited, as in the admin: a moderator working through a queue by script is expected.
"""

import django_filters
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from beteiligung.api.downloads import FileDownloadNegotiation, download_schema
from cms.api.filters import ParticipationPageFilter
from ideas import services
from ideas.api.network_serializers import (
    NetworkCollectionOutputSerializer,
    NetworkCollectionResultsOutputSerializer,
    NetworkModerationQueueOutputSerializer,
)
from ideas.exports import ideas_download
from ideas.models import IdeaCollectionPage
from ideas.rules import collections_moderated_by, user_can_moderate
from ideas.selectors import (
    collection_result_get,
    collections_with_moderation_counts,
    moderation_queue,
)

TAGS = ["Network: idea collections"]
NOT_YOURS = gettext_lazy("Diese Ideensammlung moderieren Sie nicht.")


def not_yours():
    return PermissionDenied(NOT_YOURS)


# --- collections -------------------------------------------------------------------------------


class NetworkCollectionFilter(ParticipationPageFilter):
    class Meta:
        model = IdeaCollectionPage
        fields = []


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="Idea collections I moderate",
        description=(
            "The collections whose ideas the key's user moderates (their district's, or every "
            "one for Redaktion), drafts included, in page-tree order, with published ideas "
            "and what waits for a decision. A key without any district gets an empty list."
        ),
    )
)
class NetworkCollectionListView(generics.ListAPIView):
    serializer_class = NetworkCollectionOutputSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = NetworkCollectionFilter
    # Page-tree order only: the selector counts for a list, not a queryset to order.
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]
    queryset = IdeaCollectionPage.objects.none()  # the model, for the schema's filters

    def get_queryset(self):
        return collections_moderated_by(self.request.user)

    def list(self, request, *args, **kwargs):
        # A user moderates tens of collections, not thousands: counting all of them in three
        # queries and paging the list is cheaper than a count per page.
        collections = collections_with_moderation_counts(self.filter_queryset(self.get_queryset()))
        page = self.paginate_queryset(collections)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class NetworkCollectionMixin:
    """Loads the collection of the URL (404) and refuses users who may not moderate it (403)."""

    permission_classes = [IsAuthenticated]

    def get_collection(self) -> IdeaCollectionPage:
        collection = get_object_or_404(
            IdeaCollectionPage.objects.select_related("district"), pk=self.kwargs["pk"]
        )
        if not user_can_moderate(self.request.user, collection):
            raise not_yours()
        return collection


class NetworkModerationQueueView(NetworkCollectionMixin, APIView):
    @extend_schema(
        tags=TAGS,
        summary="What waits for a decision",
        description=(
            "Ideas waiting for approval, and comments waiting for approval or hidden after "
            "reports (with their number of reports), oldest first, as the admin's moderation "
            "page lists them."
        ),
        responses={200: NetworkModerationQueueOutputSerializer},
    )
    def get(self, request, pk):
        collection = self.get_collection()
        queue = moderation_queue(collection=collection)
        body = {"collection_id": collection.pk, **queue}
        return ApiResponse(NetworkModerationQueueOutputSerializer(body).data)


class NetworkCollectionResultsView(NetworkCollectionMixin, APIView):
    @extend_schema(
        tags=TAGS,
        summary="A collection's results",
        description=(
            "The network's figures from the stored projection (waiting and rejected ideas "
            "included) with the Stand. Before the first computation the answer is 200 with "
            "`results: null` and a `message`, as for surveys."
        ),
        responses={200: NetworkCollectionResultsOutputSerializer},
    )
    def get(self, request, pk):
        collection = self.get_collection()
        result = collection_result_get(collection=collection)
        if result is None:
            message = _(
                "Die Ergebnisse sind noch nicht berechnet. Das geschieht wenige Sekunden nach "
                "jeder neuen Idee, Unterstützung oder jedem Kommentar."
            )
        elif result.dirty_since:
            message = _("Neue Beiträge werden gerade eingerechnet.")
        else:
            message = ""
        body = {
            "collection_id": collection.pk,
            "computed_at": result.computed_at if result else None,
            "ideas": result.ideas if result else None,
            "dirty": result.dirty_since is not None if result else None,
            "message": message,
            "results": result.figures if result else None,
        }
        return ApiResponse(NetworkCollectionResultsOutputSerializer(body).data)


class IdeasDownloadView(NetworkCollectionMixin, APIView):
    """All ideas of the collection, published or not, never with e-mail addresses; every
    download is noted in the collection's history, as in the admin."""

    content_negotiation_class = FileDownloadNegotiation
    file_format = ""

    def get(self, request, pk):
        collection = self.get_collection()
        services.ideas_export_record(
            collection=collection, user=request.user, file_format=self.file_format
        )
        return ideas_download(collection=collection, file_format=self.file_format)


IDEAS_FILE = (
    "Every idea of the collection, published or not, one row each with its counts, as the "
    "admin exports it; never with e-mail addresses. Every download is recorded in the "
    "collection's history."
)


@extend_schema_view(
    get=download_schema(
        "csv",
        tags=TAGS,
        summary="Ideas as CSV",
        description=IDEAS_FILE,
        operation_id="network_collection_ideas_csv",
    )
)
class IdeasCsvView(IdeasDownloadView):
    file_format = "csv"


@extend_schema_view(
    get=download_schema(
        "xlsx",
        tags=TAGS,
        summary="Ideas as Excel file",
        description=IDEAS_FILE,
        operation_id="network_collection_ideas_xlsx",
    )
)
class IdeasXlsxView(IdeasDownloadView):
    file_format = "xlsx"


COLLECTION_PATH = "network/collections/<id:pk>/"
urlpatterns = [
    path(
        "network/collections/",
        NetworkCollectionListView.as_view(),
        name="api-network-collection-list",
    ),
    path(
        f"{COLLECTION_PATH}moderation/",
        NetworkModerationQueueView.as_view(),
        name="api-network-collection-moderation",
    ),
    path(
        f"{COLLECTION_PATH}results/",
        NetworkCollectionResultsView.as_view(),
        name="api-network-collection-results",
    ),
    path(
        f"{COLLECTION_PATH}exports/ideas.csv",
        IdeasCsvView.as_view(),
        name="api-network-collection-ideas-csv",
    ),
    path(
        f"{COLLECTION_PATH}exports/ideas.xlsx",
        IdeasXlsxView.as_view(),
        name="api-network-collection-ideas-xlsx",
    ),
]
