import factory
import wagtail_factories

from ideas.models import (
    Idea,
    IdeaCategory,
    IdeaCollectionPage,
    Moderation,
    ModerationState,
    Participation,
)

DEFAULT_CATEGORIES = ("Begegnung", "Wohnen", "Mobilität", "Grün")

# A square around Beiertheim-Bulach (Karlsruhe), enough for point-in-district tests.
SQUARE_BOUNDARY = {
    "type": "Polygon",
    "coordinates": [[[8.38, 48.99], [8.40, 48.99], [8.40, 49.00], [8.38, 49.00], [8.38, 48.99]]],
}
INSIDE = {"latitude": "48.995000", "longitude": "8.390000"}
OUTSIDE = {"latitude": "49.010000", "longitude": "8.420000"}


class IdeaCollectionPageFactory(wagtail_factories.PageFactory):
    """A collection open now, anonymous, moderated after publication, with four Themenfelder
    (pass `categories=[...]` for others)."""

    title = factory.Sequence(lambda n: f"Ideensammlung {n}")
    slug = factory.Sequence(lambda n: f"ideen-{n}")
    question = "Was fehlt in unserem Stadtteil?"
    intro = "Sammeln Sie mit uns Ideen für den Stadtteil."
    moderation = Moderation.AFTER
    participation = Participation.ANONYMOUS

    class Meta:
        model = IdeaCollectionPage
        skip_postgeneration_save = True

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if not create:
            return
        for position, name in enumerate(extracted or DEFAULT_CATEGORIES):
            IdeaCategory.objects.create(page=self, name=name, sort_order=position)


class IdeaFactory(factory.django.DjangoModelFactory):
    collection = factory.SubFactory(IdeaCollectionPageFactory)
    district_id = factory.SelfAttribute("collection.district_id")
    category = factory.LazyAttribute(lambda idea: idea.collection.categories.first())
    title = factory.Sequence(lambda n: f"Idee Nummer {n}")
    description = "Eine Bank im Schatten beim Spielplatz wäre schön."
    moderation = ModerationState.PUBLISHED

    class Meta:
        model = Idea
