"""The public idea-collection endpoints: the collections, their published ideas, one idea,
and submitting an idea. Every write goes through the form, selector and service the web view
uses (ideas.views), with its checks in the same order; see ideas.api.access."""

from django.urls import path
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from beteiligung.api.errors import form_errors
from beteiligung.api.filters import StrictOrderingFilter
from beteiligung.api.participants import (
    hand_out,
)
from beteiligung.api.schema import refusal
from beteiligung.api.throttling import WriteRateThrottle
from ideas import selectors
from ideas.api.access import (
    NOT_OFFERED,
    OPTIONAL_IDEA_FIELDS,
    PARTICIPANT_PARAMETERS,
    TAGS,
    action_start,
    collection_or_404,
    idea_context,
    idea_or_404,
    refusal_for,
)
from ideas.api.filters import CollectionFilterSet, IdeaFilterSet
from ideas.api.serializers import (
    CollectionOutputSerializer,
    IdeaDetailOutputSerializer,
    IdeaInputSerializer,
    IdeaOutputSerializer,
    IdeaSubmittedOutputSerializer,
)
from ideas.forms import IdeaForm
from ideas.models import (
    Idea,
    IdeaCollectionPage,
)
from ideas.services import (
    IdeaError,
    idea_submit,
)

# --- collections ----------------------------------------------------------------------------


class CollectionListView(ListAPIView):
    serializer_class = CollectionOutputSerializer
    filter_backends = [DjangoFilterBackend, StrictOrderingFilter]
    filterset_class = CollectionFilterSet
    ordering_fields = ["title", "opens_at", "closes_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            # Schema generation: .public() would read view restrictions from the database.
            return IdeaCollectionPage.objects.none()
        return selectors.collection_list_public()

    @extend_schema(
        tags=TAGS,
        summary="Idea collections",
        description=(
            "Live, public idea collections (Ideensammlungen) of every district and the whole "
            "city, in any state, sorted by title unless `ordering` says otherwise."
        ),
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class CollectionDetailView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="One idea collection",
        description="A live, public idea collection; 404 for any other page.",
        responses={200: CollectionOutputSerializer},
    )
    def get(self, request, pk: int):
        collection = collection_or_404(pk)
        return Response(CollectionOutputSerializer(collection, context={"request": request}).data)


class CollectionIdeasView(GenericAPIView):
    # The model the documented filters describe; get() reads through selectors.idea_list.
    queryset = Idea.objects.none()
    serializer_class = IdeaOutputSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = IdeaFilterSet
    throttle_classes = [WriteRateThrottle]
    rate_limit = ("ideas.submit", "IDEA_SUBMISSIONS_PER_MINUTE")

    @extend_schema(
        tags=TAGS,
        summary="Ideas of a collection",
        description=(
            "The collection's published ideas, as its web page lists them: ideas waiting for "
            "the moderation, rejected ones and ones merged into another are not listed."
        ),
        responses={200: IdeaOutputSerializer(many=True)},
    )
    def get(self, request, pk: int):
        collection = collection_or_404(pk)
        filterset = IdeaFilterSet(request.query_params, queryset=self.get_queryset())
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        ideas = selectors.ideas_with_feedback(
            selectors.idea_list(collection=collection, **filterset.selector_arguments())
        )
        page = self.paginate_queryset(ideas)
        serializer = IdeaOutputSerializer(
            page, many=True, context=idea_context(request, collection)
        )
        return self.get_paginated_response(serializer.data)

    @extend_schema(
        tags=TAGS,
        summary="Submit an idea",
        description=(
            "Checked by the web form's rules (same messages). Images can be added on the "
            "website only: it re-encodes uploaded photos, this endpoint takes JSON. "
            "`category` is required when the collection has categories; place fields only "
            "where `location_enabled`. Published at once or waiting for the moderation, as "
            "the collection's `moderation` says: `published` in the answer tells which. "
            "A filled-in `website` (spam trap) is refused with 400 and nothing is stored."
        ),
        request=IdeaInputSerializer,
        parameters=PARTICIPANT_PARAMETERS,
        responses={
            201: IdeaSubmittedOutputSerializer,
            403: refusal(
                "closed / not_open: the collection takes no ideas now; account_required: "
                "only with an account (API key)."
            ),
        },
    )
    def post(self, request, pk: int):
        collection = collection_or_404(pk)
        contributor, participant_id, signed = action_start(
            request, collection, feature_enabled=True
        )
        values = IdeaInputSerializer(data=request.data)
        values.is_valid(raise_exception=True)
        form = IdeaForm(values.form_data(), collection=collection)
        # The form leaves out what the collection does not ask for; a client that sends it
        # anyway should hear so rather than see it dropped.
        not_offered = {
            name: [str(NOT_OFFERED)]
            for name in OPTIONAL_IDEA_FIELDS
            if values.sent(name) and name not in form.fields
        }
        if not form.is_valid() or not_offered:
            raise ValidationError({**form_errors(form), **not_offered})
        try:
            idea = idea_submit(
                collection=collection, contributor=contributor, data=form.idea_input()
            )
        except IdeaError as error:
            raise refusal_for(error, collection) from error
        idea.support_count = idea.comment_count = 0
        body = IdeaSubmittedOutputSerializer(
            idea, context=idea_context(request, collection, participant_id=participant_id)
        ).data
        return hand_out(Response(body, status=status.HTTP_201_CREATED), signed)


# --- one idea -------------------------------------------------------------------------------


class IdeaDetailView(APIView):
    @extend_schema(
        tags=TAGS,
        summary="One idea",
        description=(
            "A published idea with its public status history. An idea that was merged into "
            "another answers 404; its `detail` names the idea it was merged into (title, id "
            "and path), which carries its supports now."
        ),
        responses={200: IdeaDetailOutputSerializer},
    )
    def get(self, request, pk: int):
        collection, idea = idea_or_404(pk)
        return Response(
            IdeaDetailOutputSerializer(idea, context=idea_context(request, collection)).data
        )


urlpatterns = [
    path("collections/", CollectionListView.as_view(), name="api-collection-list"),
    path("collections/<id:pk>/", CollectionDetailView.as_view(), name="api-collection-detail"),
    path("collections/<id:pk>/ideas/", CollectionIdeasView.as_view(), name="api-collection-ideas"),
    path("ideas/<id:pk>/", IdeaDetailView.as_view(), name="api-idea-detail"),
]
