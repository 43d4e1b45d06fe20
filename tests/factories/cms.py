import datetime

import factory
import wagtail_factories

from cms.models import (
    District,
    DistrictPage,
    NetworkActor,
    NewsIndexPage,
    NewsPage,
    StandardPage,
)
from cms.services import district_create, district_permissions_sync


class DistrictFactory(factory.django.DjangoModelFactory):
    """Districts are made through the service, so each gets its network group and collection."""

    name = factory.Sequence(lambda n: f"Stadtteil {n}")
    slug = factory.Sequence(lambda n: f"stadtteil-{n}")
    area_description = "Zwischen Fluss und Bahnlinie."
    coordinator_name = "Miriam Albrecht"
    coordination_phone = "0721 000 1101"
    coordination_email = factory.Sequence(lambda n: f"koordination{n}@beteiligung.example")

    class Meta:
        model = District

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return district_create(**kwargs)


class NetworkActorFactory(factory.django.DjangoModelFactory):
    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"Nachbarschaftsverein {n} e. V.")
    kind = NetworkActor.Kind.ASSOCIATION
    offer = "Treffen, Beratung und Feste im Stadtteil."

    class Meta:
        model = NetworkActor


class DistrictPageFactory(wagtail_factories.PageFactory):
    title = factory.LazyAttribute(lambda page: page.district.name)
    slug = factory.LazyAttribute(lambda page: page.district.slug)
    district = factory.SubFactory(DistrictFactory)
    intro = "Ein lebendiger Stadtteil mit vielen Vereinen."

    class Meta:
        model = DistrictPage
        skip_postgeneration_save = True

    @factory.post_generation
    def network_permissions(self, create, extracted, **kwargs):
        if create:
            district_permissions_sync(district=self.district)


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Neuigkeiten"
    slug = "neuigkeiten"

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Stadtteilfest Nummer {n}")
    slug = factory.Sequence(lambda n: f"neuigkeit-{n}")
    teaser = "Alle sind eingeladen."
    date = factory.Sequence(lambda n: datetime.date(2026, 11, 1) - datetime.timedelta(days=n))

    class Meta:
        model = NewsPage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Inhaltsseite {n}")
    slug = factory.Sequence(lambda n: f"inhaltsseite-{n}")
    intro = "Einleitung."

    class Meta:
        model = StandardPage
