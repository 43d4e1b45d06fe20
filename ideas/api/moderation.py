"""Moderation decisions through the API, for network members and Redaktion with a key:
approve, reject, set the status, merge and recategorise ideas; approve or reject comments.

The admin's Django forms and ideas.services decide, with ideas.rules asked first (403 for
another district's idea or comment): a refused transition is the admin's refusal (400, or the
service error's own status) and changes nothing. Not rate-limited, as in the admin.
"""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from beteiligung.api.errors import Refused, form_errors
from ideas import services
from ideas.admin_views import CategoryForm, MergeForm, RejectForm, StatusForm
from ideas.api.network import TAGS, not_yours
from ideas.api.network_serializers import (
    IdeaCategoryInputSerializer,
    IdeaMergeInputSerializer,
    IdeaRejectInputSerializer,
    IdeaStatusInputSerializer,
    NetworkCommentOutputSerializer,
    NetworkIdeaOutputSerializer,
)
from ideas.models import Comment, Idea
from ideas.rules import user_can_moderate
from ideas.selectors import (
    idea_comments_for_moderation,
    ideas_with_counts,
)


def refused(error: services.IdeaError) -> Refused:
    """The service's refusal with its message and status (400 unless it says otherwise)."""
    return Refused(error.message, status_code=error.status, code=error.code)


def _idea_out(idea: Idea) -> dict:
    idea = ideas_with_counts(Idea.objects.filter(pk=idea.pk)).select_related("category").get()
    return NetworkIdeaOutputSerializer(idea).data


class IdeaActionView(APIView):
    """One decision on an idea: the body is checked by the admin's form for it, the service
    decides, the idea is returned as it is now."""

    permission_classes = [IsAuthenticated]
    input_serializer = None
    form_class = None

    def get_idea(self) -> Idea:
        idea = get_object_or_404(Idea.objects.select_related("collection"), pk=self.kwargs["pk"])
        if not user_can_moderate(self.request.user, idea.collection):
            raise not_yours()
        return idea

    def post(self, request, pk):
        idea = self.get_idea()
        data = {}
        if self.input_serializer is not None:
            serializer = self.input_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = self.clean(idea, serializer.validated_data)
        try:
            self.perform(idea, data)
        except services.IdeaError as error:
            raise refused(error) from error
        return ApiResponse(_idea_out(idea))

    def clean(self, idea: Idea, values: dict) -> dict:
        """The admin form's cleaned data for these values; its messages as a 400."""
        form = self.form_class(
            {name: "" if value is None else str(value) for name, value in values.items()},
            idea=idea,
        )
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        return form.cleaned_data

    def perform(self, idea: Idea, data: dict) -> None:
        raise NotImplementedError


def idea_action_schema(summary: str, description: str, request=None):
    return extend_schema(
        tags=TAGS,
        summary=summary,
        description=description,
        request=request,
        responses={200: NetworkIdeaOutputSerializer},
    )


class IdeaApproveView(IdeaActionView):
    @idea_action_schema(
        "Approve an idea",
        "Publish a waiting or rejected idea. 400 if it is already published or merged.",
    )
    def post(self, request, pk):
        return super().post(request, pk)

    def perform(self, idea, data):
        services.idea_approve(idea=idea, user=self.request.user)


class IdeaRejectView(IdeaActionView):
    input_serializer = IdeaRejectInputSerializer
    form_class = RejectForm

    @idea_action_schema(
        "Reject an idea",
        "Take an idea off the public list with a reason, which is never published; the "
        "submitter gets it by e-mail if they asked to hear back. 400 for a merged idea.",
        request=IdeaRejectInputSerializer,
    )
    def post(self, request, pk):
        return super().post(request, pk)

    def perform(self, idea, data):
        services.idea_reject(idea=idea, user=self.request.user, reason=data["reason"])


class IdeaStatusView(IdeaActionView):
    input_serializer = IdeaStatusInputSerializer
    form_class = StatusForm

    @idea_action_schema(
        "Set an idea's status",
        "Move a published idea along the workflow with public feedback (eingegangen → in "
        "Prüfung → angenommen/abgelehnt → in Umsetzung → umgesetzt). A transition the "
        "workflow does not allow is 400; an idea that is not published is 403.",
        request=IdeaStatusInputSerializer,
    )
    def post(self, request, pk):
        return super().post(request, pk)

    def perform(self, idea, data):
        services.idea_status_change(
            idea=idea, status=data["status"], feedback=data["feedback"], user=self.request.user
        )


class IdeaMergeView(IdeaActionView):
    input_serializer = IdeaMergeInputSerializer
    form_class = MergeForm

    @idea_action_schema(
        "Merge a duplicate",
        "Fold this idea into another published idea of the same collection: its supporters "
        "support the other one (each once). Returns this idea, now merged.",
        request=IdeaMergeInputSerializer,
    )
    def post(self, request, pk):
        return super().post(request, pk)

    def perform(self, idea, data):
        services.idea_merge(idea=idea, into=data["into"], user=self.request.user)


class IdeaCategoryView(IdeaActionView):
    input_serializer = IdeaCategoryInputSerializer
    form_class = CategoryForm

    @idea_action_schema(
        "Set an idea's category",
        "Assign one of the collection's categories (Themenfelder), or none with null.",
        request=IdeaCategoryInputSerializer,
    )
    def post(self, request, pk):
        return super().post(request, pk)

    def clean(self, idea, values):
        # The admin's form always picks one; removing it is the service's own option.
        if values["category"] is None:
            return {"category": None}
        return super().clean(idea, values)

    def perform(self, idea, data):
        services.idea_recategorize(idea=idea, category=data["category"], user=self.request.user)


class CommentActionView(APIView):
    permission_classes = [IsAuthenticated]

    def post(self, request, pk):
        comment = get_object_or_404(
            Comment.objects.select_related("collection", "idea"), pk=self.kwargs["pk"]
        )
        if not user_can_moderate(request.user, comment.collection):
            raise not_yours()
        self.perform(comment)
        comment = idea_comments_for_moderation(idea=comment.idea).get(pk=comment.pk)
        return ApiResponse(NetworkCommentOutputSerializer(comment).data)

    def perform(self, comment: Comment) -> None:
        raise NotImplementedError


class CommentApproveView(CommentActionView):
    @extend_schema(
        tags=TAGS,
        summary="Approve a comment",
        description=(
            "Publish a waiting comment, or keep one hidden after reports: further reports no "
            "longer hide it."
        ),
        request=None,
        responses={200: NetworkCommentOutputSerializer},
    )
    def post(self, request, pk):
        return super().post(request, pk)

    def perform(self, comment):
        services.comment_approve(comment=comment, user=self.request.user)


class CommentRejectView(CommentActionView):
    @extend_schema(
        tags=TAGS,
        summary="Reject a comment",
        description="Take a comment off the idea's page.",
        request=None,
        responses={200: NetworkCommentOutputSerializer},
    )
    def post(self, request, pk):
        return super().post(request, pk)

    def perform(self, comment):
        services.comment_reject(comment=comment, user=self.request.user)


IDEA_PATH = "network/ideas/<id:pk>/"
COMMENT_PATH = "network/comments/<id:pk>/"
urlpatterns = [
    path(f"{IDEA_PATH}approve/", IdeaApproveView.as_view(), name="api-network-idea-approve"),
    path(f"{IDEA_PATH}reject/", IdeaRejectView.as_view(), name="api-network-idea-reject"),
    path(f"{IDEA_PATH}status/", IdeaStatusView.as_view(), name="api-network-idea-status"),
    path(f"{IDEA_PATH}merge/", IdeaMergeView.as_view(), name="api-network-idea-merge"),
    path(f"{IDEA_PATH}category/", IdeaCategoryView.as_view(), name="api-network-idea-category"),
    path(
        f"{COMMENT_PATH}approve/",
        CommentApproveView.as_view(),
        name="api-network-comment-approve",
    ),
    path(
        f"{COMMENT_PATH}reject/",
        CommentRejectView.as_view(),
        name="api-network-comment-reject",
    ),
]
