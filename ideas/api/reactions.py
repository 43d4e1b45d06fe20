"""What residents do with a published idea: support it (and withdraw), comment, report a
comment. The same services and checks as the web (ideas.views); see ideas.api.access."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from beteiligung.api.errors import form_errors
from beteiligung.api.participants import (
    hand_out,
)
from beteiligung.api.schema import refusal
from beteiligung.api.throttling import WriteRateThrottle
from ideas import selectors
from ideas.api.access import (
    ACTION_REFUSALS,
    COMMENT_NOT_FOUND,
    PARTICIPANT_PARAMETERS,
    REPLY_REFUSED,
    TAGS,
    action_start,
    idea_or_404,
    refusal_for,
)
from ideas.api.serializers import (
    REPORTED,
    CommentInputSerializer,
    CommentOutputSerializer,
    CommentSubmittedOutputSerializer,
    ReportOutputSerializer,
    SupportOutputSerializer,
)
from ideas.forms import CommentForm
from ideas.models import (
    Comment,
)
from ideas.services import (
    IdeaError,
    comment_add,
    comment_report,
    support_add,
    support_withdraw,
)


class IdeaSupportView(APIView):
    throttle_classes = [WriteRateThrottle]
    rate_limit = ("ideas.action", "IDEA_ACTIONS_PER_MINUTE")

    @extend_schema(
        tags=TAGS,
        summary="Support an idea",
        description=(
            "One support per person and idea: without an API key, send the X-Participant-Id "
            "the first write handed out, or every request counts as a new person."
        ),
        request=None,
        parameters=PARTICIPANT_PARAMETERS,
        responses={
            201: SupportOutputSerializer,
            403: refusal(ACTION_REFUSALS),
            409: refusal("already_done: this person supports the idea already."),
        },
    )
    def post(self, request, pk: int):
        return self._act(request, pk, support_add, supported=True, code=status.HTTP_201_CREATED)

    @extend_schema(
        tags=TAGS,
        summary="Withdraw a support",
        description="Takes this person's support back; answers 200 with the new count.",
        request=None,
        parameters=PARTICIPANT_PARAMETERS,
        responses={
            200: SupportOutputSerializer,
            403: refusal(ACTION_REFUSALS),
            409: refusal("already_done: this person does not support the idea."),
        },
    )
    def delete(self, request, pk: int):
        return self._act(request, pk, support_withdraw, supported=False, code=status.HTTP_200_OK)

    def _act(self, request, pk: int, action, *, supported: bool, code: int):
        collection, idea = idea_or_404(pk)
        contributor, participant_id, signed = action_start(
            request, collection, feature_enabled=collection.supports_enabled
        )
        try:
            action(idea=idea, contributor=contributor)
        except IdeaError as error:
            raise refusal_for(error, collection) from error
        counted = selectors.idea_get_visible(collection=collection, idea_id=idea.pk)
        body = SupportOutputSerializer(
            {
                "supported": supported,
                "support_count": counted.support_count if counted else 0,
                "participant_id": participant_id,
            }
        ).data
        return hand_out(Response(body, status=code), signed)


class IdeaCommentsView(GenericAPIView):
    serializer_class = CommentOutputSerializer
    filter_backends = []
    throttle_classes = [WriteRateThrottle]
    rate_limit = ("ideas.action", "IDEA_ACTIONS_PER_MINUTE")

    @extend_schema(
        tags=TAGS,
        summary="Comments on an idea",
        description=(
            "Published comments, oldest first, each with its published replies (one reply "
            "level). Empty when the collection has comments switched off."
        ),
        responses={200: CommentOutputSerializer(many=True)},
    )
    def get(self, request, pk: int):
        collection, idea = idea_or_404(pk)
        if collection.comments_enabled:
            comments = selectors.idea_comments(idea=idea)
        else:
            comments = Comment.objects.none()
        page = self.paginate_queryset(comments)
        return self.get_paginated_response(CommentOutputSerializer(page, many=True).data)

    @extend_schema(
        tags=TAGS,
        summary="Comment on an idea",
        description=(
            "A comment, or with `parent` a reply (a reply to a reply joins its thread). "
            "Checked by the web form's rules; published at once or waiting for the "
            "moderation: `published` in the answer tells which. A filled-in `website` (spam "
            "trap) is refused with 400 and nothing is stored."
        ),
        request=CommentInputSerializer,
        parameters=PARTICIPANT_PARAMETERS,
        responses={
            201: CommentSubmittedOutputSerializer,
            403: refusal(ACTION_REFUSALS),
        },
    )
    def post(self, request, pk: int):
        collection, idea = idea_or_404(pk)
        contributor, participant_id, signed = action_start(
            request, collection, feature_enabled=collection.comments_enabled
        )
        values = CommentInputSerializer(data=request.data)
        values.is_valid(raise_exception=True)
        data = values.form_data()
        form = CommentForm(data, reply=bool(data["parent"]))
        parent = None
        if form.is_valid() and form.cleaned_data.get("parent"):
            parent = selectors.comment_reply_target(
                idea=idea, comment_id=form.cleaned_data["parent"]
            )
            if parent is None:
                form.add_error(None, REPLY_REFUSED)
        if form.errors:
            raise ValidationError(form_errors(form))
        try:
            comment = comment_add(
                idea=idea,
                contributor=contributor,
                text=form.cleaned_data["text"],
                author_name=form.cleaned_data["author_name"],
                parent=parent,
            )
        except IdeaError as error:
            raise refusal_for(error, collection) from error
        body = CommentSubmittedOutputSerializer(
            comment, context={"participant_id": participant_id}
        ).data
        return hand_out(Response(body, status=status.HTTP_201_CREATED), signed)


class CommentReportView(APIView):
    throttle_classes = [WriteRateThrottle]
    rate_limit = ("ideas.action", "IDEA_ACTIONS_PER_MINUTE")

    @extend_schema(
        tags=TAGS,
        summary="Report a comment",
        description=(
            "Asks the moderation to look at a comment; enough reports hide it until the "
            "moderation decides. Possible after the collection closed, as the comments are "
            "still shown. Answers 201: the report is stored."
        ),
        request=None,
        parameters=PARTICIPANT_PARAMETERS,
        responses={
            201: ReportOutputSerializer,
            403: refusal(
                "not_available: comments are switched off or the comment is no longer "
                "shown; account_required: only with an account (API key)."
            ),
            409: refusal("already_done: this person reported the comment already."),
        },
    )
    def post(self, request, pk: int):
        collection = selectors.collection_public_of_comment(comment_id=pk)
        comment = (
            selectors.comment_reportable(collection=collection, comment_id=pk)
            if collection
            else None
        )
        if comment is None:
            raise NotFound(COMMENT_NOT_FOUND)
        # Reports stay possible after the collection closed: the comments are still shown.
        contributor, participant_id, signed = action_start(
            request, collection, feature_enabled=collection.comments_enabled, needs_open=False
        )
        try:
            comment_report(comment=comment, contributor=contributor)
        except IdeaError as error:
            raise refusal_for(error, collection) from error
        body = ReportOutputSerializer(
            {"reported": True, "message": str(REPORTED), "participant_id": participant_id}
        ).data
        return hand_out(Response(body, status=status.HTTP_201_CREATED), signed)


urlpatterns = [
    path("ideas/<id:pk>/support/", IdeaSupportView.as_view(), name="api-idea-support"),
    path("ideas/<id:pk>/comments/", IdeaCommentsView.as_view(), name="api-idea-comments"),
    path("comments/<id:pk>/report/", CommentReportView.as_view(), name="api-comment-report"),
]
