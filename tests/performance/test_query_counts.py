"""No N+1 queries: every page that lists things costs the same number of queries with 10 and
with 1,000 items, and that number is pinned here, so a change shows in review.

Pages: the public site's lists (URL confs, page models' routable routes) and the Wagtail
admin views the project adds (wagtail_hooks.py: register_admin_urls and the snippet viewset,
plus the page explorer and the admin home, where the project's menu items and listing
buttons run for every request or row). The REST API's lists are pinned in tests/api.

Caches: one request with 10 items first fills what a process keeps for good (content types,
Wagtail's page models); then the Django cache is cleared before each measured request, so the
count includes everything the cache would otherwise hide (site root paths, renditions, site
settings, the anonymous page cache). The counts are the same on PostgreSQL and SQLite.

Items are made with bulk inserts (tests/performance/builders.py): 1,000 through the services
would take minutes. A page with several lists shares its items out over them.
Not here: the district snippet's edit view, an edit form whose actors are inline forms (a
fixed count too, but 1,000 inline forms take some 20 s to render).
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.search.backends import get_search_backend

from cms.models import DistrictPage, NetworkActor, NewsPage
from cms.models.publication import ResultsVisibility
from cms.selectors import NEWS_TEASER_RENDITION
from cms.services import EDITOR_GROUP_NAME
from ideas.aggregation import collection_results_refresh
from ideas.models import (
    CollectionResult,
    Comment,
    CommentReport,
    Idea,
    IdeaCategory,
    IdeaCollectionPage,
    ModerationState,
)
from surveys.aggregation import survey_results_refresh
from surveys.demo import GUT_LEBEN_QUESTIONS, _choices, _question
from surveys.models import (
    AccessCode,
    ParticipationMode,
    SurveyPage,
    SurveyReport,
    SurveyResult,
)
from tests.factories import (
    DistrictPageFactory,
    IdeaCollectionPageFactory,
    NewsIndexPageFactory,
    SurveyPageFactory,
    UserFactory,
)
from tests.factories.ideas import SQUARE_BOUNDARY
from tests.performance import builders

SIZES = (10, 1000)
# The rendition templates/blocks/image_block.html shows.
BODY_IMAGE_RENDITION = "width-1200"

# Queries per request, the same at 10 and at 1,000 items.
QUERIES = {
    # --- public site ---
    "home": 19,
    "district-page": 31,
    "news-index": 18,
    "news-index-district-page-2": 18,
    "search": 9,
    "search-page-2": 9,
    "open-data": 7,
    "ideas-list": 17,
    "ideas-list-most-supported": 17,
    "ideas-list-filtered": 17,
    "ideas-list-page-2": 17,
    "idea-detail": 18,
    "collection-results": 15,
    "survey-results": 16,
    # --- Wagtail admin ---
    "admin-home": 27,
    "admin-explorer-district": 36,
    "admin-results-dashboard-member": 16,
    "admin-results-dashboard-editor": 14,
    "admin-districts-editor": 13,
    "admin-districts-member": 15,
    "admin-surveys": 14,
    "admin-responses": 17,
    "admin-responses-page-2": 17,
    "admin-paper-entry": 14,
    "admin-access-codes": 15,
    "admin-survey-results": 17,
    "admin-survey-results-filtered": 34,
    "admin-text-answers": 16,
    "admin-district-comparison": 14,
    "admin-ideas": 16,
    "admin-moderation": 20,
    "admin-moderation-filtered": 21,
    "admin-idea": 23,
    "admin-collection-results": 15,
    "admin-api-key": 14,
}


@dataclass
class World:
    """What every page stands in: the site, one district with its page, its network member
    and a Redaktion editor."""

    home: object
    district_page: DistrictPage
    member: object
    editor: object

    @property
    def district(self):
        return self.district_page.district


@pytest.fixture
def world(home_page) -> World:
    # SQLite hands out the ids of rolled-back rows again: a rendition another test left in the
    # cache would stand for an image of this one that has none.
    cache.clear()
    district_page = DistrictPageFactory(
        parent=home_page,
        district__name="Beiertheim-Bulach",
        district__slug="beiertheim-bulach",
        district__boundary=SQUARE_BOUNDARY,
        district__office_hours="Dienstag 10–12 Uhr",
    )
    return World(
        home=home_page,
        district_page=district_page,
        member=UserFactory(groups=[district_page.district.network_group]),
        editor=UserFactory(groups=[Group.objects.get(name=EDITOR_GROUP_NAME)]),
    )


# --- page builders ---------------------------------------------------------------------------


def split(count: int, parts: int) -> list[int]:
    """`count` items shared out over a page's `parts` lists, as evenly as can be."""
    return [count // parts + (1 if index < count % parts else 0) for index in range(parts)]


def _open_period(index: int = 0) -> dict:
    now = timezone.now()
    return {
        "opens_at": now - datetime.timedelta(days=3),
        "closes_at": now + datetime.timedelta(days=30 + index % 30),
    }


def surveys_build(count: int, *, district=None, **fields) -> list[SurveyPage]:
    """Surveys for lists, which never show the questions: one short question each."""
    questions = [_question("yes_no", "zufrieden", "Sind Sie zufrieden?")]
    pages = []
    for index in range(count):
        number = builders.unique()
        values = {**_open_period(index), **fields}
        pages.append(
            SurveyPage(
                title=f"Befragung {number:05d}",
                slug=f"befragung-{number}",
                intro="Ihre Meinung ist gefragt.",
                privacy_note="<p>Wir speichern Ihre Antworten ohne Namen.</p>",
                questions=questions,
                district=district,
                **values,
            )
        )
    return pages


def collections_build(count: int, *, district=None, **fields) -> list[IdeaCollectionPage]:
    pages = []
    for index in range(count):
        number = builders.unique()
        values = {**_open_period(index), **fields}
        pages.append(
            IdeaCollectionPageFactory.build(
                title=f"Ideensammlung {number:05d}",
                slug=f"ideen-{number}",
                district=district,
                **values,
            )
        )
    return pages


def news_build(count: int, *, district=None, images=()) -> list[NewsPage]:
    pages = []
    for _ in range(count):
        number = builders.unique()
        image = images[number % len(images)] if images else None
        pages.append(
            NewsPage(
                title=f"Stadtteilfest Nummer {number}",
                slug=f"neuigkeit-{number}",
                teaser="Alle sind zum Stadtteilfest eingeladen.",
                date=datetime.date(2026, 11, 1) - datetime.timedelta(days=number % 300),
                district=district,
                image=image,
                image_alt="Menschen am Tisch" if image else "",
            )
        )
    return pages


def images_create(count: int) -> list:
    """Distinct images, so that a list of news teasers needs a rendition of each; the
    renditions exist already, as on a site whose pages have been seen before."""
    images = [
        get_image_model().objects.create(title=f"Foto {n}", file=get_test_image_file())
        for n in range(count)
    ]
    for image in images:
        image.get_rendition(NEWS_TEASER_RENDITION)
    return images


def with_categories(collections: list[IdeaCollectionPage]) -> None:
    IdeaCategory.objects.bulk_create(
        IdeaCategory(page=collection, name=name, sort_order=position)
        for collection in collections
        for position, name in enumerate(("Begegnung", "Wohnen"))
    )


def survey_results_rows(surveys: list[SurveyPage]) -> None:
    """A stored projection for each survey, as the aggregation writes it (one day of activity)."""
    now = timezone.now()
    figures = {"responses": 3, "by_day": [{"day": timezone.localdate().isoformat(), "count": 3}]}
    SurveyResult.objects.bulk_create(
        SurveyResult(
            survey=survey,
            computed_at=now,
            responses=3,
            version=1,
            figures=figures,
            public_figures=figures,
        )
        for survey in surveys
    )


def collection_results_rows(collections: list[IdeaCollectionPage]) -> None:
    now = timezone.now()
    day = timezone.localdate().isoformat()
    figures = {
        "ideas": 2,
        "published": 1,
        "waiting": 1,
        "supports": 1,
        "comments": 0,
        "by_day": [{"day": day, "ideas": 2, "supports": 1, "comments": 0}],
    }
    CollectionResult.objects.bulk_create(
        CollectionResult(
            collection=collection,
            computed_at=now,
            ideas=2,
            version=1,
            figures=figures,
            public_figures=figures,
        )
        for collection in collections
    )


# --- the pages -------------------------------------------------------------------------------


class Case:
    """One page: what it stands on (setup), how its listed items grow (add), where it is
    (url) and who looks at it (user: None for anonymous, "member" or "editor")."""

    user: str | None = None

    def __init__(self, world: World):
        self.world = world

    def setup(self) -> None:
        pass

    def add(self, count: int) -> None:
        raise NotImplementedError

    def url(self) -> str:
        raise NotImplementedError


CASES: dict[str, type[Case]] = {}


def case(name: str):
    def register(cls):
        CASES[name] = cls
        return cls

    return register


# --- public site ---


@case("home")
class HomeCase(Case):
    """District pages, open surveys, open idea collections and news (the latest three), the
    items shared out over the four."""

    def setup(self):
        self.news_index = NewsIndexPageFactory(parent=self.world.home)
        self.images = images_create(3)

    def add(self, count):
        districts, news, surveys, collections = split(count, 4)
        builders.add_pages(
            self.world.home,
            [
                # In the main navigation too, as editors may choose.
                DistrictPage(
                    district=d,
                    title=d.name,
                    slug=d.slug,
                    intro="Ein Stadtteil.",
                    show_in_menus=True,
                )
                for d in builders.add_districts(districts)
            ],
        )
        builders.add_pages(self.news_index, news_build(news, images=self.images))
        builders.add_pages(self.world.home, surveys_build(surveys))
        builders.add_pages(self.world.home, collections_build(collections))

    def url(self):
        return "/"


@case("district-page")
class DistrictPageCase(Case):
    """Network actors, news (the latest three), open surveys and collections, whose results
    are public too, and blocks in the body that show surveys, images and the actors: the items
    shared out over the five."""

    def setup(self):
        self.images = images_create(3)
        self.blocks = []

    def add(self, count):
        page, district = self.world.district_page, self.world.district
        actors, news, surveys, collections, blocks = split(count, 5)
        NetworkActor.objects.bulk_create(
            NetworkActor(
                district=district,
                name=f"Verein {builders.unique()} e. V.",
                offer="Treffen und Beratung.",
                phone="0721 000 000",
                email="verein@beteiligung.example",
                website="https://verein.example",
                sort_order=index,
            )
            for index in range(actors)
        )
        builders.add_pages(page, news_build(news, district=district, images=self.images))
        live = {"results_visibility": ResultsVisibility.LIVE}
        surveys = builders.add_pages(page, surveys_build(surveys, district=district, **live))
        builders.add_pages(page, collections_build(collections, district=district, **live))
        # At least one block of each kind, so that ten items show each kind's queries too.
        teasers, images, actor_lists = split(max(blocks, 3), 3)
        self.blocks += [
            {"type": "survey", "value": {"survey": survey.pk, "text": ""}}
            for survey in (surveys * teasers)[:teasers]
        ]
        self.blocks += [
            {"type": "image", "value": {"image": image.pk, "alt_text": "Menschen am Tisch"}}
            for image in builders.add_images(
                self.images[0], images, filter_spec=BODY_IMAGE_RENDITION
            )
        ]
        self.blocks += [
            {"type": "actors", "value": {"title": "Akteure", "district": district.pk}}
        ] * actor_lists
        page.body = self.blocks
        # Only the body: the tree's fields in memory are stale since add_pages.
        page.save(update_fields=["body"])

    def url(self):
        return self.world.district_page.url


@case("news-index")
class NewsIndexCase(Case):
    """All news, ten a page, each with its own teaser image."""

    query = ""

    def setup(self):
        self.news_index = NewsIndexPageFactory(parent=self.world.home)
        self.images = images_create(10)

    def add(self, count):
        half = count // 2
        builders.add_pages(self.news_index, news_build(half, images=self.images))
        builders.add_pages(
            self.world.district_page,
            news_build(count - half, district=self.world.district, images=self.images),
        )

    def url(self):
        return self.news_index.url + self.query


@case("news-index-district-page-2")
class NewsIndexFilteredCase(NewsIndexCase):
    query = "?stadtteil=beiertheim-bulach&seite=2"


@case("search")
class SearchCase(Case):
    """Search results, ten a page."""

    query = "?q=Stadtteilfest"

    def add(self, count):
        pages = builders.add_pages(self.world.district_page, news_build(count))
        get_search_backend().add_bulk(NewsPage, pages)

    def url(self):
        return reverse("search") + self.query


@case("search-page-2")
class SearchPageTwoCase(SearchCase):
    query = "?q=Stadtteilfest&seite=2"


@case("open-data")
class OpenDataCase(Case):
    """Surveys with public results and collections with published ideas, by district."""

    def add(self, count):
        live = {"results_visibility": ResultsVisibility.LIVE}
        half = count // 2
        for parent, district, number in (
            (self.world.home, None, half),
            (self.world.district_page, self.world.district, count - half),
        ):
            surveys = builders.add_pages(parent, surveys_build(number, district=district, **live))
            survey_results_rows(surveys)
            collections = builders.add_pages(
                parent, collections_build(number, district=district, **live)
            )
            with_categories(collections)
            Idea.objects.bulk_create(
                Idea(
                    collection=collection,
                    district=district,
                    title="Eine Bank",
                    description="Im Schatten.",
                    moderation=ModerationState.PUBLISHED,
                )
                for collection in collections
            )

    def url(self):
        return reverse("open-data")


@case("ideas-list")
class IdeasListCase(Case):
    """The published ideas of a collection, twenty a page, with supports, comments and map."""

    query = ""

    def setup(self):
        self.collection = IdeaCollectionPageFactory(
            parent=self.world.district_page, title="Was fehlt?", slug="ideen"
        )

    def add(self, count):
        ideas = builders.add_ideas(self.collection, count)
        builders.add_supports(ideas)
        builders.add_comments(ideas)

    def url(self):
        return self.collection.url + self.query


@case("ideas-list-most-supported")
class IdeasListSortedCase(IdeasListCase):
    query = "?sortierung=unterstuetzt"


@case("ideas-list-filtered")
class IdeasListFilteredCase(IdeasListCase):
    def url(self):
        category = self.collection.categories.order_by("sort_order").first()
        return (
            f"{self.collection.url}?themenfeld={category.pk}&stand=submitted&q=Bank"
            "&sortierung=diskutiert"
        )


@case("ideas-list-page-2")
class IdeasListPageTwoCase(IdeasListCase):
    query = "?seite=2"


@case("idea-detail")
class IdeaDetailCase(Case):
    """One idea with its comments and their replies (the items: half of each), its supports
    and its public history (as many as comments)."""

    def setup(self):
        self.collection = IdeaCollectionPageFactory(
            parent=self.world.district_page, title="Was fehlt?", slug="ideen"
        )
        [self.idea] = builders.add_ideas(self.collection, 1)

    def add(self, count):
        comments, replies = split(count, 2)
        comments = builders.add_comments([self.idea], per_idea=comments)
        Comment.objects.bulk_create(
            Comment(
                idea=self.idea,
                collection=self.collection,
                parent=comment,
                text="Ich auch.",
                participant_key=f"browser:{builders.unique()}",
                moderation=ModerationState.PUBLISHED,
            )
            for comment in comments[:replies]
        )
        builders.add_supports([self.idea], per_idea=count)
        builders.add_status_changes(self.idea, count, changed_by=self.world.member)

    def url(self):
        return self.collection.idea_url(self.idea)


@case("collection-results")
class CollectionResultsCase(Case):
    """A collection's public results: the projection of its ideas, supports and comments."""

    def setup(self):
        self.collection = IdeaCollectionPageFactory(
            parent=self.world.district_page,
            title="Was fehlt?",
            slug="ideen",
            results_visibility=ResultsVisibility.LIVE,
        )

    def add(self, count):
        ideas = builders.add_ideas(self.collection, count)
        builders.add_supports(ideas)
        builders.add_comments(ideas)
        collection_results_refresh(collection_id=self.collection.pk)

    def url(self):
        return self.collection.url + self.collection.reverse_subpage("collection_results")


@case("survey-results")
class SurveyResultsCase(Case):
    """A survey's public results: the projection of its responses."""

    def setup(self):
        self.survey = SurveyPageFactory(
            parent=self.world.district_page,
            title="Gut leben",
            slug="gut-leben",
            results_visibility=ResultsVisibility.LIVE,
            **_open_period(),
        )

    def add(self, count):
        builders.add_responses(self.survey, count)
        survey_results_refresh(survey_id=self.survey.pk)

    def url(self):
        return self.survey.url + self.survey.reverse_subpage("survey_results")


# --- Wagtail admin ---


class DistrictParticipationCase(Case):
    """Surveys (running, planned and finished ones) and collections of the member's district,
    with stored results: the items shared out over those four."""

    user = "member"
    parts = 4

    def add(self, count):
        now = timezone.now()
        page, district = self.world.district_page, self.world.district
        periods = (
            {},
            {"opens_at": now + datetime.timedelta(days=5), "closes_at": None},
            {"opens_at": now - datetime.timedelta(days=60), "closes_at": now},
        )
        *survey_counts, collections = split(count, self.parts)[:4]
        surveys = []
        for period, number in zip(periods, survey_counts, strict=True):
            surveys += surveys_build(number, district=district, **period)
        survey_results_rows(builders.add_pages(page, surveys))
        collection_results_rows(
            builders.add_pages(page, collections_build(collections, district=district))
        )


@case("admin-home")
class AdminHomeCase(DistrictParticipationCase):
    def url(self):
        return reverse("wagtailadmin_home")


@case("admin-explorer-district")
class AdminExplorerCase(DistrictParticipationCase):
    """The page tree under the district page, with the project's listing buttons per row."""

    def url(self):
        return reverse("wagtailadmin_explore", args=[self.world.district_page.pk])


@case("admin-results-dashboard-member")
class ResultsDashboardCase(DistrictParticipationCase):
    def url(self):
        return reverse("results_dashboard")


@case("admin-results-dashboard-editor")
class ResultsDashboardEditorCase(ResultsDashboardCase):
    """Redaktion sees every district, each in a section of its own, and the city-wide surveys
    in one more: the items shared out over the member's four lists, city-wide surveys and
    other districts (with a survey each)."""

    user = "editor"
    parts = 6

    def add(self, count):
        super().add(count)
        city_wide, districts = split(count, self.parts)[4:]
        survey_results_rows(builders.add_pages(self.world.home, surveys_build(city_wide)))
        for district in builders.add_districts(districts):
            [page] = builders.add_pages(
                self.world.home,
                [DistrictPage(district=district, title=district.name, slug=district.slug)],
            )
            survey_results_rows(builders.add_pages(page, surveys_build(1, district=district)))


@case("admin-districts-editor")
class DistrictsEditorCase(Case):
    """The district snippets: Redaktion sees every district."""

    user = "editor"

    def add(self, count):
        builders.add_districts(count)

    def url(self):
        return reverse("wagtailsnippets_cms_district:list")


@case("admin-districts-member")
class DistrictsMemberCase(DistrictsEditorCase):
    """A network sees its own district only, however many others there are."""

    user = "member"


@case("admin-surveys")
class SurveysAdminCase(Case):
    """The surveys a network manages, with their numbers of responses."""

    user = "member"

    def add(self, count):
        surveys = builders.add_pages(
            self.world.district_page, surveys_build(count, district=self.world.district)
        )
        # Counted, not listed: answers do not matter here.
        builders.add_responses(surveys[0], count, answers=())

    def url(self):
        return reverse("surveys_admin:index")


class SurveyCase(Case):
    """One survey of the member's district and its responses."""

    user = "member"
    survey_fields: dict = {}

    def setup(self):
        self.survey = SurveyPageFactory(
            parent=self.world.district_page,
            title="Gut leben",
            slug="gut-leben",
            **{**_open_period(), **self.survey_fields},
        )

    def add(self, count):
        builders.add_responses(self.survey, count, entered_by=self.world.member)

    def admin_url(self, name: str, *args) -> str:
        return reverse(f"surveys_admin:{name}", args=[self.survey.pk, *args])


@case("admin-responses")
class ResponsesCase(SurveyCase):
    def url(self):
        return self.admin_url("survey")


@case("admin-responses-page-2")
class ResponsesPageTwoCase(SurveyCase):
    def url(self):
        return self.admin_url("survey") + "?p=2"


@case("admin-paper-entry")
class PaperEntryCase(SurveyCase):
    def url(self):
        return self.admin_url("paper_entry")


@case("admin-access-codes")
class AccessCodesCase(SurveyCase):
    """Batches of access codes: one batch per code here, the most rows the list can have."""

    survey_fields = {"participation_mode": ParticipationMode.CODE}

    def add(self, count):
        AccessCode.objects.bulk_create(
            AccessCode(
                survey=self.survey,
                code_hash=f"{number:064d}",
                batch=f"Brief an die Haushalte {number}",
            )
            for number in (builders.unique() for _ in range(count))
        )

    def url(self):
        return self.admin_url("access_codes")


@case("admin-survey-results")
class SurveyResultsAdminCase(SurveyCase):
    """The network's figures from the projection, and the latest PDF reports."""

    query = ""

    def add(self, count):
        super().add(count)
        survey_results_refresh(survey_id=self.survey.pk)
        SurveyReport.objects.bulk_create(
            SurveyReport(survey=self.survey, requested_by=self.world.member) for _ in range(count)
        )

    def url(self):
        return self.admin_url("results") + self.query


@case("admin-survey-results-filtered")
class SurveyResultsFilteredCase(SurveyResultsAdminCase):
    """Filtered figures are computed for the request, from the chosen responses."""

    query = "?kanal=paper&gruppe=q:altersgruppe:70-79"


@case("admin-text-answers")
class TextAnswersCase(SurveyCase):
    def url(self):
        return self.admin_url("text_answers", "wunsch")


@case("admin-district-comparison")
class ComparisonCase(Case):
    """A city-wide survey's districts side by side (Redaktion manages city-wide surveys)."""

    user = "editor"

    def setup(self):
        DistrictPageFactory(
            parent=self.world.home, district__name="Oststadt", district__slug="oststadt"
        )
        self.survey = SurveyPageFactory(
            parent=self.world.home,
            title="Wie lebt es sich in Karlsruhe?",
            questions=[
                _question(
                    "single_choice",
                    "stadtteil",
                    "In welchem Stadtteil wohnen Sie?",
                    display="radio",
                    allow_other=False,
                    randomize=False,
                    choices=_choices(
                        ("beiertheim-bulach", "Beiertheim-Bulach"), ("oststadt", "Oststadt")
                    ),
                ),
                *GUT_LEBEN_QUESTIONS,
            ],
            district_question="stadtteil",
        )

    def add(self, count):
        districts = ("beiertheim-bulach", "oststadt")

        def answers(index):
            district = {"question_key": "stadtteil", "choice_key": districts[index % 2]}
            return (district, *builders.GUT_LEBEN_ANSWERS)

        builders.add_responses(self.survey, count, answers=answers)
        survey_results_refresh(survey_id=self.survey.pk)

    def url(self):
        return reverse("surveys_admin:comparison", args=[self.survey.pk])


@case("admin-ideas")
class IdeasAdminCase(Case):
    """The collections a network moderates, with what waits in each."""

    user = "member"

    def add(self, count):
        collections = builders.add_pages(
            self.world.district_page, collections_build(count, district=self.world.district)
        )
        ideas = Idea.objects.bulk_create(
            Idea(
                collection=collection,
                district=self.world.district,
                title="Eine Bank",
                description="Im Schatten.",
                moderation=moderation,
            )
            for collection in collections
            for moderation in (ModerationState.PUBLISHED, ModerationState.PENDING)
        )
        builders.add_comments(ideas, moderation=ModerationState.PENDING)

    def url(self):
        return reverse("ideas_admin:index")


class CollectionCase(Case):
    """One collection of the member's district."""

    user = "member"

    def setup(self):
        self.collection = IdeaCollectionPageFactory(
            parent=self.world.district_page, title="Was fehlt?", slug="ideen"
        )


@case("admin-moderation")
class ModerationCase(CollectionCase):
    """The queue (waiting ideas, waiting and hidden comments), then every idea, 50 a page. The
    items: ideas, half published, half waiting; one waiting or hidden comment per published
    idea on top."""

    query = ""

    def add(self, count):
        published, pending = split(count, 2)
        ideas = builders.add_ideas(self.collection, published)
        builders.add_supports(ideas)
        builders.add_comments(ideas)
        builders.add_ideas(self.collection, pending, moderation=ModerationState.PENDING)
        waiting, _hidden = split(len(ideas), 2)
        builders.add_comments(ideas[:waiting], moderation=ModerationState.PENDING)
        hidden = builders.add_comments(ideas[waiting:], moderation=ModerationState.HIDDEN)
        CommentReport.objects.bulk_create(
            CommentReport(comment=comment, participant_key=f"browser:{n}")
            for comment in hidden
            for n in range(3)
        )

    def url(self):
        return reverse("ideas_admin:collection", args=[self.collection.pk]) + self.query


@case("admin-moderation-filtered")
class ModerationFilteredCase(ModerationCase):
    def url(self):
        category = self.collection.categories.order_by("sort_order").first()
        return (
            reverse("ideas_admin:collection", args=[self.collection.pk])
            + f"?moderation=published&status=submitted&category={category.pk}&p=2"
        )


@case("admin-idea")
class IdeaAdminCase(CollectionCase):
    """One idea: its comments with reports, the ideas merged into it, its history, and every
    other published idea as a merge target; the items shared out over the four."""

    def setup(self):
        super().setup()
        [self.idea] = builders.add_ideas(self.collection, 1)

    def add(self, count):
        comments, merged, targets, changes = split(count, 4)
        comments = builders.add_comments([self.idea], per_idea=comments)
        CommentReport.objects.bulk_create(
            CommentReport(comment=comment, participant_key="browser:1") for comment in comments
        )
        builders.add_ideas(
            self.collection, merged, moderation=ModerationState.MERGED, merged_into=self.idea
        )
        builders.add_ideas(self.collection, targets)
        builders.add_status_changes(self.idea, changes, changed_by=self.world.member)

    def url(self):
        return reverse("ideas_admin:idea", args=[self.collection.pk, self.idea.pk])


@case("admin-collection-results")
class CollectionResultsAdminCase(CollectionCase):
    def add(self, count):
        ideas = builders.add_ideas(self.collection, count)
        builders.add_ideas(self.collection, count, moderation=ModerationState.PENDING)
        builders.add_supports(ideas)
        builders.add_comments(ideas)
        collection_results_refresh(collection_id=self.collection.pk)

    def url(self):
        return reverse("ideas_admin:results", args=[self.collection.pk])


@case("admin-api-key")
class ApiKeyCase(Case):
    """One's own key; the keys of everybody else must not matter."""

    user = "member"

    def setup(self):
        Token.objects.create(user=self.world.member)

    def add(self, count):
        users = get_user_model().objects.bulk_create(
            get_user_model()(email=f"person{builders.unique()}@beteiligung.example")
            for _ in range(count)
        )
        Token.objects.bulk_create(Token(user=user, key=Token.generate_key()) for user in users)

    def url(self):
        return reverse("accounts_api_keys")


# --- the test --------------------------------------------------------------------------------


def measure(client, user, url: str, *, warm_up: bool) -> list[str]:
    """The SQL of one GET of `url`, with the Django cache cleared just before it."""
    if user is None:
        client.logout()
    else:
        client.force_login(user)
    if warm_up:
        first = client.get(url)
        assert first.status_code == 200, f"{url}: {first.status_code}"
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return [query["sql"] for query in queries]


def _shape(sql: str) -> str:
    """A statement without its values, so the same query with other ids or times is equal."""
    sql = re.sub(r'"_django_curs_\w+"', "cursor", sql)  # PostgreSQL's server-side cursors
    sql = re.sub(r"'[^']*'|\b\d+\b", "?", sql)
    return re.sub(r"IN \(\?(, \?)*\)", "IN (...)", sql)


def grown_statements(few: list[str], many: list[str]) -> str:
    """The statements the bigger page ran more often: where an N+1 hides."""
    before, after = Counter(map(_shape, few)), Counter(map(_shape, many))
    return "\n".join(
        f"{after[shape] - before[shape]} more: {shape[:400]}"
        for shape in after
        if after[shape] > before[shape]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(QUERIES))
def test_query_count_does_not_grow_with_the_items_listed(client, world, name):
    page = CASES[name](world)
    page.setup()
    user = getattr(world, page.user) if page.user else None
    statements, listed = [], 0
    for size in SIZES:
        page.add(size - listed)
        listed = size
        statements.append(measure(client, user, page.url(), warm_up=size == SIZES[0]))
    few, many = statements
    expected = QUERIES[name]
    assert [len(few), len(many)] == [expected, expected], (
        f"{name}: {len(few)} queries with {SIZES[0]} items, {len(many)} with {SIZES[1]}; "
        f"pinned {expected}.\n{grown_statements(few, many)}"
    )
