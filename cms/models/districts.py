"""Districts are stable domain records (edited as snippets); district pages present them."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Collection, Orderable, Page
from wagtail.search import index

from cms.blocks import BodyStreamBlock
from cms.geo import boundary_validate


class District(ClusterableModel):
    """A Quartier with its district coordination and its network of actors."""

    name = models.CharField(_("Name"), max_length=100, unique=True)
    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)
    area_description = models.TextField(
        _("Lage und Gebiet"),
        blank=True,
        help_text=_("Wo liegt der Stadtteil, welche Straßen und Wohngebiete gehören dazu?"),
    )
    boundary = models.JSONField(
        _("Gebietsgrenze (GeoJSON)"),
        null=True,
        blank=True,
        help_text=_(
            "Polygon oder MultiPolygon in WGS 84, z. B. aus dem Geoportal der Stadt. Ideen mit "
            "einem Ort auf der Karte müssen darin liegen."
        ),
    )
    coordinator_name = models.CharField(_("Ansprechperson"), max_length=120, blank=True)
    coordination_phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    coordination_email = models.EmailField(_("E-Mail"), blank=True)
    office_hours = models.TextField(_("Sprechzeiten"), blank=True)
    coordination_address = models.TextField(_("Adresse"), blank=True)
    # Set up by cms.services.district_permissions_sync, never edited by hand.
    network_group = models.OneToOneField(
        Group,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="network_district",
    )
    collection = models.OneToOneField(
        Collection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="district",
    )

    panels = [
        # Group names and URLs follow name and slug, so only Redaktion changes them.
        FieldPanel("name", permission="cms.change_district"),
        FieldPanel("slug", permission="cms.change_district"),
        FieldPanel("area_description"),
        FieldPanel("boundary", permission="cms.change_district"),
        MultiFieldPanel(
            [
                FieldPanel("coordinator_name"),
                FieldPanel("coordination_phone"),
                FieldPanel("coordination_email"),
                FieldPanel("office_hours"),
                FieldPanel("coordination_address"),
            ],
            heading=_("Stadtteilkoordination"),
        ),
        InlinePanel("actors", heading=_("Akteure im Stadtteilnetzwerk"), label=_("Akteur")),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("Stadtteil")
        verbose_name_plural = _("Stadtteile")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.boundary is not None:
            try:
                boundary_validate(self.boundary)
            except ValidationError as error:
                raise ValidationError({"boundary": error.messages}) from error

    @property
    def has_coordination_contact(self) -> bool:
        return any(
            (
                self.coordinator_name,
                self.coordination_phone,
                self.coordination_email,
                self.office_hours,
                self.coordination_address,
            )
        )


class NetworkActor(Orderable):
    """An association, care service, church or initiative in a district network."""

    class Kind(models.TextChoices):
        ASSOCIATION = "verein", _("Verein")
        CARE = "pflege", _("Pflege und Gesundheit")
        SOCIAL = "traeger", _("Sozialer Träger")
        CHURCH = "kirche", _("Kirchengemeinde")
        INITIATIVE = "initiative", _("Initiative")
        EDUCATION = "bildung", _("Schule und Bildung")
        OTHER = "sonstige", _("Sonstige")

    district = ParentalKey(District, on_delete=models.CASCADE, related_name="actors")
    name = models.CharField(_("Name"), max_length=160)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.ASSOCIATION)
    offer = models.TextField(_("Angebot"), blank=True, help_text=_("Was bietet der Akteur an?"))
    address = models.CharField(_("Adresse"), max_length=200, blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    website = models.URLField(_("Webseite"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("offer"),
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("email"),
        FieldPanel("website"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Akteur")
        verbose_name_plural = _("Akteure")

    def __str__(self):
        return self.name


class DistrictPage(Page):
    """The page of one district: introduction, coordination, network, news."""

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="pages", verbose_name=_("Stadtteil")
    )
    intro = models.TextField(_("Einleitung"), max_length=600)
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("Inhalt"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("district"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["cms.HomePage"]
    subpage_types = [
        "cms.NewsPage",
        "cms.StandardPage",
        "surveys.SurveyPage",
        "ideas.IdeaCollectionPage",
    ]
    template = "cms/district_page.html"

    class Meta:
        verbose_name = _("Stadtteilseite")
        verbose_name_plural = _("Stadtteilseiten")

    def get_context(self, request, *args, **kwargs):
        from cms.results_selectors import published_results_list
        from cms.selectors import district_actor_list, news_list
        from ideas.selectors import collection_list_open
        from surveys.selectors import survey_list_open

        context = super().get_context(request, *args, **kwargs)
        context["actors"] = district_actor_list(district=self.district)
        context["news_items"] = news_list(district=self.district)[:3]
        context["open_surveys"] = survey_list_open(district=self.district)
        context["open_idea_collections"] = collection_list_open(district=self.district)
        context["published_results"] = published_results_list(district=self.district)
        return context


class BelongsToParentDistrictMixin:
    """For pages with a `district` field that sit under a district page (news, surveys): the
    page always belongs to that district, whatever the field says; elsewhere it is city-wide
    or chosen by the editor."""

    def save(self, *args, **kwargs):
        parent = self.get_parent() if self.path else None
        if parent is not None and parent.specific_class is DistrictPage:
            self.district_id = parent.specific.district_id
        return super().save(*args, **kwargs)
