"""Fast data for the query-count tests: a thousand pages, responses or ideas in a few bulk
inserts instead of a thousand service calls (Page.add_child alone costs about 15 queries and
a revision per page, response_submit about ten per response)."""

import datetime
import itertools
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from cms.models import District
from ideas.models import Comment, Idea, IdeaStatusChange, ModerationState, Support
from surveys.models import Answer, Channel, Response

_numbers = itertools.count(1)


def unique() -> int:
    """A number no other builder call in this process has used (slugs, keys, names)."""
    return next(_numbers)


def add_pages(parent: Page, pages: list[Page]) -> list[Page]:
    """Append unsaved, live pages of one type under `parent`: one INSERT for the tree's rows
    and one for the page type's own rows (no revisions, no search index, no signals)."""
    if not pages:
        return pages
    parent = Page.objects.get(pk=parent.pk)
    now = timezone.now()
    rows = []
    for position, page in enumerate(pages, start=parent.numchild + 1):
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, position)
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = ContentType.objects.get_for_model(type(page))
        page.locale_id = parent.locale_id
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = now
        rows.append(Page(**{f.attname: getattr(page, f.attname) for f in Page._meta.fields}))
    Page.objects.bulk_create(rows)
    for page, row in zip(pages, rows, strict=True):
        page.id = page.page_ptr_id = row.pk
    # bulk_create refuses multi-table inheritance; its own insert step takes the page type's
    # table alone (what save_base(raw=True) does one row at a time).
    model = type(pages[0])
    model._base_manager._insert(pages, fields=model._meta.local_concrete_fields)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    return pages


def add_districts(count: int) -> list[District]:
    """Districts without network group or media collection (district_create makes both)."""
    numbers = [unique() for _ in range(count)]
    return District.objects.bulk_create(
        District(
            name=f"Quartier {number:05d}",
            slug=f"quartier-{number}",
            coordinator_name="Miriam Albrecht",
            coordination_email=f"quartier{number}@beteiligung.example",
        )
        for number in numbers
    )


# --- surveys -------------------------------------------------------------------------------------

# One complete questionnaire of GUT_LEBEN_QUESTIONS (surveys.demo), as the services store it.
GUT_LEBEN_ANSWERS = (
    {"question_key": "wohndauer", "choice_key": "ueber-20"},
    {"question_key": "zufriedenheit", "number": Decimal(4)},
    {"question_key": "einkauf-zu-fuss", "choice_key": "nein"},
    {"question_key": "einkauf-hindernisse", "choice_key": "keine-baenke"},
    {"question_key": "angebote", "choice_key": "mittagstisch", "number": Decimal(1)},
    {"question_key": "angebote", "choice_key": "treffpunkt", "number": Decimal(2)},
    {"question_key": "aussagen", "row_key": "sicherheit", "choice_key": "eher-zu"},
    {"question_key": "wunsch", "text": "Mehr Bänke auf dem Weg zum Einkaufen."},
    {"question_key": "altersgruppe", "choice_key": "70-79"},
    {"question_key": "geschlecht", "choice_key": "weiblich"},
)
CHANNELS = (Channel.ONLINE, Channel.PAPER, Channel.ASSISTED, Channel.INTERVIEW)


def add_responses(
    survey, count: int, *, answers=GUT_LEBEN_ANSWERS, entered_by=None, district=None
) -> list[Response]:
    """Submitted responses with a full set of answers each, in all channels, spread over the
    last days; paper ones entered by `entered_by`. `answers` may be a function of the index."""
    now = timezone.now()
    responses = Response.objects.bulk_create(
        Response(
            survey=survey,
            district=district,
            channel=CHANNELS[index % len(CHANNELS)],
            status=Response.Status.SUBMITTED,
            entered_by=entered_by if CHANNELS[index % len(CHANNELS)] != Channel.ONLINE else None,
            started_at=now - datetime.timedelta(days=index % 7, minutes=5),
            submitted_at=now - datetime.timedelta(days=index % 7),
        )
        for index in range(count)
    )
    rows = []
    for index, response in enumerate(responses):
        for answer in answers(index) if callable(answers) else answers:
            rows.append(Answer(response=response, survey=survey, **answer))
    Answer.objects.bulk_create(rows, batch_size=2000)
    return responses


# --- ideas ---------------------------------------------------------------------------------------


def add_ideas(collection, count: int, **fields) -> list[Idea]:
    """Published ideas spread over the collection's Themenfelder, each inside the test square,
    newest first in creation order."""
    categories = list(collection.categories.order_by("sort_order", "pk"))
    now = timezone.now()
    fields.setdefault("moderation", ModerationState.PUBLISHED)
    ideas = []
    for index in range(count):
        number = unique()
        ideas.append(
            Idea(
                collection=collection,
                district_id=collection.district_id,
                category=categories[index % len(categories)] if categories else None,
                title=f"Idee Nummer {number}: eine Bank am Platz",
                description="Eine Bank im Schatten beim Spielplatz wäre schön.",
                location_text="Am Marktplatz",
                latitude=Decimal("48.995000"),
                longitude=Decimal("8.390000"),
                created_at=now - datetime.timedelta(minutes=number),
                **fields,
            )
        )
    return Idea.objects.bulk_create(ideas)


def add_supports(ideas: list[Idea], *, per_idea: int = 1) -> None:
    Support.objects.bulk_create(
        Support(idea=idea, collection_id=idea.collection_id, participant_key=f"browser:{unique()}")
        for idea in ideas
        for _ in range(per_idea)
    )


def add_comments(ideas: list[Idea], *, per_idea: int = 1, **fields) -> list[Comment]:
    fields.setdefault("moderation", ModerationState.PUBLISHED)
    return Comment.objects.bulk_create(
        Comment(
            idea=idea,
            collection_id=idea.collection_id,
            text="Da bin ich dabei.",
            author_name="Nachbarin",
            participant_key=f"browser:{unique()}",
            **fields,
        )
        for idea in ideas
        for _ in range(per_idea)
    )


def add_status_changes(idea: Idea, count: int, *, changed_by=None) -> None:
    IdeaStatusChange.objects.bulk_create(
        IdeaStatusChange(
            idea=idea,
            status="in_review",
            feedback="Das Stadtteilnetzwerk prüft die Idee.",
            changed_by=changed_by,
        )
        for _ in range(count)
    )


# --- images --------------------------------------------------------------------------------------


def add_images(original, count: int, *, filter_spec: str) -> list:
    """`count` more images with the file of `original` and its `filter_spec` rendition already
    made, as rows only: as many images as a page shows, without resizing one of them."""
    from wagtail.images import get_image_model

    image_model = get_image_model()
    rendition = original.get_rendition(filter_spec)
    images = image_model.objects.bulk_create(
        image_model(
            title=f"Foto {unique()}",
            file=original.file.name,
            width=original.width,
            height=original.height,
            collection_id=original.collection_id,
        )
        for _ in range(count)
    )
    image_model.get_rendition_model().objects.bulk_create(
        type(rendition)(
            image=image,
            filter_spec=rendition.filter_spec,
            focal_point_key=rendition.focal_point_key,
            file=rendition.file.name,
            width=rendition.width,
            height=rendition.height,
        )
        for image in images
    )
    return images
