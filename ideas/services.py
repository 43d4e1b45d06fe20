"""Writes for idea collections: ideas, supports, comments, reports, moderation and status.

The database keeps the counting rules (one support and one report per participant, as unique
constraints); checks before an insert only choose the friendlier message. Every function that
changes what results count marks the collection dirty in the same transaction.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from beteiligung.projection import projection_mark_dirty
from cms.geo import boundary_contains
from ideas.models import (
    STATUS_TRANSITIONS,
    CollectionResultsState,
    Comment,
    CommentReport,
    Idea,
    IdeaCategory,
    IdeaCollectionPage,
    IdeaStatus,
    IdeaStatusChange,
    Moderation,
    ModerationState,
    Participation,
    Support,
)
from ideas.selectors import collection_boundary
from ideas.tasks import (
    recompute_collection_results_task,
    send_idea_rejected_task,
    send_status_change_task,
)

# As long as the model fields allow (Idea.rejection_reason, IdeaStatusChange.feedback).
REASON_MAX_LENGTH = 1000
FEEDBACK_MAX_LENGTH = 3000


class IdeaError(Exception):
    """A contribution or decision the collection refuses; `message` is shown as it is."""

    message = _("Ihr Beitrag konnte nicht gespeichert werden.")
    status = 400
    code = "invalid"  # for API clients to branch on

    def __init__(self, message=None):
        super().__init__(message or self.message)
        if message:
            self.message = message


class CollectionClosed(IdeaError):
    message = _("Diese Ideensammlung nimmt gerade keine Beiträge an.")
    status = 403
    code = "closed"


class AccountRequired(IdeaError):
    message = _("Für diese Ideensammlung melden Sie sich bitte an.")
    status = 403
    code = "account_required"


class NotAvailable(IdeaError):
    """The collection does not offer this (supports or comments switched off, idea hidden)."""

    message = _("Das ist bei dieser Ideensammlung nicht möglich.")
    status = 403
    code = "not_available"


class AlreadyDone(IdeaError):
    """Supporting twice, reporting twice: the first one counts."""

    status = 409
    code = "already_done"


class LocationOutsideDistrict(IdeaError):
    message = _(
        "Der Ort liegt außerhalb des Stadtteils. Bitte wählen Sie einen Ort im Stadtteil "
        "oder beschreiben Sie ihn im Feld „Ort oder Adresse“."
    )


@dataclass(frozen=True)
class Contributor:
    """Who contributes: the key that makes one support per participant, and the account."""

    key: str
    user_id: int | None = None


def browser_contributor(*, collection: IdeaCollectionPage, browser_id: str) -> Contributor:
    """Anonymous mode: a salted hash of the signed browser id, per collection."""
    digest = salted_hmac("ideas.browser", f"{collection.pk}:{browser_id}", algorithm="sha256")
    return Contributor(key=f"browser:{digest.hexdigest()[:64]}")


def account_contributor(*, user) -> Contributor:
    return Contributor(key=f"user:{user.pk}", user_id=user.pk)


@dataclass(frozen=True)
class IdeaInput:
    title: str
    description: str
    category: IdeaCategory | None = None
    location_text: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    image: object = None  # a File, already sanitised by ideas.images.image_sanitize
    image_alt: str = ""
    contact_email: str = ""


def collection_mark_dirty(*, collection: IdeaCollectionPage) -> None:
    """Flag the collection's results for recomputation (one upsert, safe under parallel
    writes) and, after commit, ask for one coalesced recomputation task."""
    projection_mark_dirty(
        CollectionResultsState, target=collection, task=recompute_collection_results_task
    )


def _check_may_contribute(collection: IdeaCollectionPage, contributor: Contributor) -> None:
    if not collection.is_open:
        raise CollectionClosed()
    if collection.participation == Participation.ACCOUNT and contributor.user_id is None:
        raise AccountRequired()


def _check_visible(idea: Idea) -> None:
    if idea.moderation != ModerationState.PUBLISHED:
        raise NotAvailable(_("Diese Idee ist nicht (mehr) veröffentlicht."))


def location_check(
    *, collection: IdeaCollectionPage, latitude: Decimal | None, longitude: Decimal | None
) -> None:
    """Refuse a map point the collection does not take: maps off, no boundary, or outside."""
    if latitude is None and longitude is None:
        return
    if latitude is None or longitude is None or not collection.location_enabled:
        raise IdeaError(_("Ein Ort auf der Karte ist bei dieser Ideensammlung nicht möglich."))
    boundary = collection_boundary(collection)
    if boundary is None:
        raise IdeaError(_("Für dieses Gebiet ist keine Karte hinterlegt."))
    if not any(
        boundary_contains(geometry, latitude=float(latitude), longitude=float(longitude))
        for geometry in boundary
    ):
        raise LocationOutsideDistrict()


def idea_submit(
    *, collection: IdeaCollectionPage, contributor: Contributor, data: IdeaInput
) -> Idea:
    """Store a resident's idea, published at once or waiting for moderation."""
    _check_may_contribute(collection, contributor)
    if data.category is not None and data.category.page_id != collection.pk:
        raise IdeaError(_("Bitte wählen Sie ein Themenfeld dieser Ideensammlung."))
    if data.image and not collection.images_enabled:
        raise IdeaError(_("Bilder sind bei dieser Ideensammlung nicht möglich."))
    if data.image and not data.image_alt.strip():
        raise IdeaError(_("Bitte beschreiben Sie, was auf dem Bild zu sehen ist."))
    location_check(collection=collection, latitude=data.latitude, longitude=data.longitude)

    published = collection.moderation == Moderation.AFTER
    idea = Idea(
        collection=collection,
        district_id=collection.district_id,
        category=data.category,
        title=data.title.strip(),
        description=data.description.strip(),
        location_text=data.location_text.strip(),
        latitude=data.latitude,
        longitude=data.longitude,
        image_alt=data.image_alt.strip() if data.image else "",
        contact_email=data.contact_email.strip().lower(),
        author_id=contributor.user_id,
        moderation=ModerationState.PUBLISHED if published else ModerationState.PENDING,
    )
    idea.full_clean(exclude=["image"])
    try:
        with transaction.atomic():
            if data.image:
                # Writes the file first; removed again below if the row does not make it.
                idea.image.save(data.image.name, data.image, save=False)
            idea.save()
            collection_mark_dirty(collection=collection)
    except Exception:
        if idea.image:
            idea.image.delete(save=False)
        raise
    return idea


def _lock_idea(idea_id: int) -> Idea:
    return Idea.objects.select_for_update().select_related("collection").get(pk=idea_id)


@transaction.atomic
def support_add(*, idea: Idea, contributor: Contributor) -> Support:
    """One support per participant and idea; a second one is refused (409)."""
    collection = idea.collection
    _check_may_contribute(collection, contributor)
    if not collection.supports_enabled:
        raise NotAvailable()
    _check_visible(idea)
    try:
        with transaction.atomic():
            support = Support.objects.create(
                idea=idea, collection=collection, participant_key=contributor.key
            )
    except IntegrityError as error:
        if Support.objects.filter(idea=idea, participant_key=contributor.key).exists():
            raise AlreadyDone(_("Sie unterstützen diese Idee schon.")) from error
        raise
    collection_mark_dirty(collection=collection)
    return support


@transaction.atomic
def support_withdraw(*, idea: Idea, contributor: Contributor) -> None:
    collection = idea.collection
    _check_may_contribute(collection, contributor)
    deleted, _rows = Support.objects.filter(idea=idea, participant_key=contributor.key).delete()
    if not deleted:
        raise AlreadyDone(_("Sie unterstützen diese Idee nicht."))
    collection_mark_dirty(collection=collection)


@transaction.atomic
def comment_add(
    *,
    idea: Idea,
    contributor: Contributor,
    text: str,
    author_name: str = "",
    parent: Comment | None = None,
) -> Comment:
    """A comment or a reply; a reply to a reply joins its top-level thread (one level)."""
    collection = idea.collection
    _check_may_contribute(collection, contributor)
    if not collection.comments_enabled:
        raise NotAvailable()
    _check_visible(idea)
    if parent is not None:
        if parent.idea_id != idea.pk or parent.moderation != ModerationState.PUBLISHED:
            raise IdeaError(_("Auf diesen Kommentar kann nicht geantwortet werden."))
        if parent.parent_id:
            parent = parent.parent
    comment = Comment(
        idea=idea,
        collection=collection,
        parent=parent,
        text=text.strip(),
        author_name=author_name.strip(),
        author_id=contributor.user_id,
        participant_key=contributor.key,
        moderation=(
            ModerationState.PUBLISHED
            if collection.moderation == Moderation.AFTER
            else ModerationState.PENDING
        ),
    )
    comment.full_clean()
    comment.save()
    collection_mark_dirty(collection=collection)
    return comment


@transaction.atomic
def comment_report(*, comment: Comment, contributor: Contributor) -> bool:
    """Record a report; returns whether this report hid the comment for moderation.

    The comment row is locked first, so parallel reports are counted one after another and
    the threshold is crossed exactly once. A report that arrives just after others hid the
    comment still counts: the resident saw it, and the moderation sees how many objected.
    """
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("collection")
        .get(pk=comment.pk)
    )
    if comment.moderation not in (ModerationState.PUBLISHED, ModerationState.HIDDEN):
        raise NotAvailable(_("Dieser Kommentar ist nicht (mehr) sichtbar."))
    try:
        with transaction.atomic():
            CommentReport.objects.create(comment=comment, participant_key=contributor.key)
    except IntegrityError as error:
        raise AlreadyDone(_("Sie haben diesen Kommentar schon gemeldet. Danke!")) from error
    if comment.kept_after_reports or comment.moderation == ModerationState.HIDDEN:
        return False
    if comment.reports.count() >= comment.collection.report_threshold:
        comment.moderation = ModerationState.HIDDEN
        comment.save(update_fields=["moderation"])
        collection_mark_dirty(collection=comment.collection)
        return True
    return False


# --- moderation (network members and editors; rules checked by the admin views) --------------


def _log(collection, action: str, user, **data) -> None:
    log(instance=collection, action=action, user=user, data=data)


@transaction.atomic
def idea_approve(*, idea: Idea, user) -> Idea:
    idea = _lock_idea(idea.pk)
    if idea.moderation == ModerationState.MERGED:
        raise IdeaError(_("Diese Idee ist schon mit einer anderen zusammengeführt."))
    if idea.moderation not in (ModerationState.PENDING, ModerationState.REJECTED):
        raise IdeaError(_("Diese Idee ist schon veröffentlicht."))
    idea.moderation = ModerationState.PUBLISHED
    idea.moderated_at = timezone.now()
    idea.moderated_by = user
    idea.save(update_fields=["moderation", "moderated_at", "moderated_by"])
    collection_mark_dirty(collection=idea.collection)
    _log(idea.collection, "ideas.idea_approve", user, idea=idea.pk, title=idea.title)
    return idea


@transaction.atomic
def idea_reject(*, idea: Idea, user, reason: str) -> Idea:
    """Take an idea off the public list; the reason goes to the submitter if they asked."""
    if not reason.strip():
        raise IdeaError(_("Bitte geben Sie einen Grund an."))
    if len(reason.strip()) > REASON_MAX_LENGTH:
        raise IdeaError(
            _("Der Grund darf höchstens %(limit)d Zeichen lang sein.")
            % {"limit": REASON_MAX_LENGTH}
        )
    idea = _lock_idea(idea.pk)
    if idea.moderation == ModerationState.MERGED:
        raise IdeaError(_("Diese Idee ist schon mit einer anderen zusammengeführt."))
    idea.moderation = ModerationState.REJECTED
    idea.rejection_reason = reason.strip()
    idea.rejection_notified_at = None
    idea.moderated_at = timezone.now()
    idea.moderated_by = user
    idea.full_clean(exclude=["image"])
    idea.save(
        update_fields=[
            "moderation",
            "rejection_reason",
            "rejection_notified_at",
            "moderated_at",
            "moderated_by",
        ]
    )
    collection_mark_dirty(collection=idea.collection)
    _log(idea.collection, "ideas.idea_reject", user, idea=idea.pk, title=idea.title)
    if idea.contact_email:
        transaction.on_commit(partial(send_idea_rejected_task.delay, idea.pk))
    return idea


@transaction.atomic
def idea_recategorize(*, idea: Idea, category: IdeaCategory | None, user) -> Idea:
    idea = _lock_idea(idea.pk)
    if category is not None and category.page_id != idea.collection_id:
        raise IdeaError(_("Bitte wählen Sie ein Themenfeld dieser Ideensammlung."))
    idea.category = category
    idea.save(update_fields=["category"])
    collection_mark_dirty(collection=idea.collection)
    _log(
        idea.collection,
        "ideas.idea_recategorize",
        user,
        idea=idea.pk,
        title=idea.title,
        category=category.name if category else "",
    )
    return idea


@transaction.atomic
def idea_merge(*, idea: Idea, into: Idea, user) -> Idea:
    """Fold a duplicate into another idea: its supporters support the other one (each once),
    its page points there, and ideas merged into it before follow along."""
    if idea.pk == into.pk:
        raise IdeaError(_("Eine Idee kann nicht mit sich selbst zusammengeführt werden."))
    # Lock both rows in id order, so two opposite merges cannot deadlock.
    locked = {
        row.pk: row
        for row in Idea.objects.select_for_update()
        .select_related("collection")
        .filter(pk__in=[idea.pk, into.pk])
        .order_by("pk")
    }
    idea, into = locked[idea.pk], locked[into.pk]
    if idea.collection_id != into.collection_id:
        raise IdeaError(_("Nur Ideen derselben Ideensammlung können zusammengeführt werden."))
    if into.moderation != ModerationState.PUBLISHED:
        raise IdeaError(_("Zusammenführen geht nur in eine veröffentlichte Idee."))
    if idea.moderation == ModerationState.MERGED:
        raise IdeaError(_("Diese Idee ist schon mit einer anderen zusammengeführt."))

    moved = [
        Support(idea=into, collection_id=into.collection_id, participant_key=key)
        for key in idea.supports.values_list("participant_key", flat=True)
    ]
    Support.objects.bulk_create(moved, ignore_conflicts=True)  # who supported both counts once
    idea.supports.all().delete()
    Idea.objects.filter(merged_into=idea).update(merged_into=into)
    idea.moderation = ModerationState.MERGED
    idea.merged_into = into
    idea.moderated_at = timezone.now()
    idea.moderated_by = user
    idea.save(update_fields=["moderation", "merged_into", "moderated_at", "moderated_by"])
    collection_mark_dirty(collection=idea.collection)
    _log(
        idea.collection,
        "ideas.idea_merge",
        user,
        idea=idea.pk,
        title=idea.title,
        into=into.pk,
        into_title=into.title,
    )
    return idea


@transaction.atomic
def idea_status_change(*, idea: Idea, status: str, feedback: str, user) -> IdeaStatusChange:
    """Move an idea along the workflow with public feedback; tell the submitter if asked."""
    idea = _lock_idea(idea.pk)
    _check_visible(idea)
    if not feedback.strip():
        raise IdeaError(_("Bitte schreiben Sie eine Rückmeldung zur Änderung."))
    if len(feedback.strip()) > FEEDBACK_MAX_LENGTH:
        raise IdeaError(
            _("Die Rückmeldung darf höchstens %(limit)d Zeichen lang sein.")
            % {"limit": FEEDBACK_MAX_LENGTH}
        )
    if status not in STATUS_TRANSITIONS.get(idea.status, set()):
        raise IdeaError(
            _("Von „%(old)s“ kann die Idee nicht auf „%(new)s“ gesetzt werden.")
            % {
                "old": idea.get_status_display(),
                "new": dict(IdeaStatus.choices).get(status, status),
            }
        )
    change = IdeaStatusChange(idea=idea, status=status, feedback=feedback.strip(), changed_by=user)
    change.full_clean()
    change.save()
    idea.status = status
    idea.status_changed_at = change.created_at
    idea.save(update_fields=["status", "status_changed_at"])
    collection_mark_dirty(collection=idea.collection)
    _log(
        idea.collection,
        "ideas.idea_status",
        user,
        idea=idea.pk,
        title=idea.title,
        status=status,
    )
    if idea.contact_email:
        transaction.on_commit(partial(send_status_change_task.delay, change.pk))
    return change


def ideas_export_record(*, collection: IdeaCollectionPage, user, file_format: str) -> None:
    """Note in the collection's history who downloaded its ideas, and in which format."""
    _log(collection, "ideas.ideas_export", user, format=file_format)


@transaction.atomic
def comment_approve(*, comment: Comment, user) -> Comment:
    """Publish a waiting comment, or keep a reported one: reports no longer hide it."""
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("collection")
        .get(pk=comment.pk)
    )
    if comment.moderation == ModerationState.HIDDEN:
        comment.kept_after_reports = True
    comment.moderation = ModerationState.PUBLISHED
    comment.moderated_at = timezone.now()
    comment.moderated_by = user
    comment.save(update_fields=["moderation", "kept_after_reports", "moderated_at", "moderated_by"])
    collection_mark_dirty(collection=comment.collection)
    _log(comment.collection, "ideas.comment_approve", user, comment=comment.pk)
    return comment


@transaction.atomic
def comment_reject(*, comment: Comment, user) -> Comment:
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("collection")
        .get(pk=comment.pk)
    )
    comment.moderation = ModerationState.REJECTED
    comment.moderated_at = timezone.now()
    comment.moderated_by = user
    comment.save(update_fields=["moderation", "moderated_at", "moderated_by"])
    collection_mark_dirty(collection=comment.collection)
    _log(comment.collection, "ideas.comment_reject", user, comment=comment.pk)
    return comment
