"""Loads the demo city. Idempotent: what exists (matched by slug or e-mail) is left as it is,
only missing pieces are created, and demo passwords are reset so the printed login works."""

import copy
import datetime
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from cms.demo import content
from cms.models import (
    AccessibilityStatementPage,
    District,
    DistrictPage,
    HomePage,
    NetworkActor,
    NewsIndexPage,
    NewsPage,
    PortalSettings,
    StandardPage,
)
from cms.services import EDITOR_GROUP_NAME, district_create, district_permissions_sync, roles_sync
from surveys.demo import DEMO_RESPONSE_COUNT


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)
    accounts: list[tuple[str, str]] = field(default_factory=list)


def _publish_child(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _paragraphs(paragraphs: list[str]) -> list[tuple[str, object]]:
    html = "".join(p if p.startswith("<") else f"<p>{p}</p>" for p in paragraphs)
    return [("paragraph", html)]


def _demo_image(title: str, hue: tuple[int, int, int]):
    """A generated illustration (street grid and river), so the demo needs no downloads."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    canvas = PILImage.new("RGB", (1280, 720), hue)
    draw = ImageDraw.Draw(canvas)
    for x in range(0, 1280, 160):
        draw.line([(x, 0), (x + 200, 720)], fill=(255, 255, 255), width=10)
    for y in range(60, 720, 140):
        draw.line([(0, y), (1280, y - 80)], fill=(240, 240, 240), width=6)
    draw.ellipse([(860, 200), (1100, 440)], fill=(255, 210, 63))
    draw.rectangle([(0, 600), (1280, 720)], fill=(60, 120, 170))
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    image = Image(title=title)
    image.file = ImageFile(buffer, name=f"{title.lower().replace(' ', '-')}.png")
    image.save()
    return image


def _home_page() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = _publish_child(
            root, HomePage(title=content.HOME["title"], slug="start", intro=content.HOME["intro"])
        )
    elif home.intro != content.HOME["intro"]:
        home.title = content.HOME["title"]
        home.intro = content.HOME["intro"]
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first() or Site(
        hostname="localhost", port=80, is_default_site=True
    )
    site.root_page = home
    site.site_name = f"{content.HOME['title']} Karlsruhe"
    site.save()
    return home


def _standard_page(home: HomePage, spec: dict, *, easy_read=False, in_menu=False) -> StandardPage:
    page = StandardPage.objects.filter(slug=spec["slug"]).first()
    if page is None:
        page = _publish_child(
            home,
            StandardPage(
                title=spec["title"],
                slug=spec["slug"],
                intro=spec["intro"],
                body=_paragraphs(spec["paragraphs"]),
                easy_read=easy_read,
                show_in_menus=in_menu,
            ),
        )
    return page


def _district(home: HomePage, spec: dict, report: SeedReport) -> DistrictPage:
    district = District.objects.filter(slug=spec["slug"]).first()
    if district is None:
        district = district_create(
            name=spec["name"],
            slug=spec["slug"],
            area_description=spec["area_description"],
            coordinator_name=spec["coordinator_name"],
            coordination_phone=spec["coordination_phone"],
            coordination_email=spec["coordination_email"],
            office_hours=spec["office_hours"],
            coordination_address=spec["coordination_address"],
            boundary=spec["boundary"],
        )
        for order, (name, kind, offer, address, phone, email) in enumerate(spec["actors"]):
            NetworkActor.objects.create(
                district=district,
                sort_order=order,
                name=name,
                kind=kind,
                offer=offer,
                address=address,
                phone=phone,
                email=email,
            )
        report.created.append(f"Stadtteil {district.name}")
    elif district.boundary is None:
        # Demo cities seeded before districts had boundaries get them; edited ones stay.
        district.boundary = spec["boundary"]
        district.save(update_fields=["boundary"])
    page = DistrictPage.objects.filter(district=district).first()
    if page is None:
        body = [("paragraph", spec["body_paragraph"])]
        if spec["quote"]:
            body.append(("quote", {"text": spec["quote"][0], "attribution": spec["quote"][1]}))
        page = _publish_child(
            home,
            DistrictPage(
                title=spec["name"],
                slug=spec["slug"],
                district=district,
                intro=spec["intro"],
                body=body,
            ),
        )
    district_permissions_sync(district=district)
    return page


def _news(news_index: NewsIndexPage, district_pages: dict[str, DistrictPage]) -> None:
    illustration = _demo_image("Stadtlabor Werkstatt", (0, 79, 107))
    for slug, title, teaser, paragraphs, district_slug, days_ago, with_image in content.NEWS:
        if NewsPage.objects.filter(slug=slug).exists():
            continue
        parent = district_pages[district_slug] if district_slug else news_index
        image = illustration if with_image else None
        _publish_child(
            parent,
            NewsPage(
                title=title,
                slug=slug,
                teaser=teaser,
                body=_paragraphs(paragraphs),
                date=content.TODAY - datetime.timedelta(days=days_ago),
                image=image,
                image_alt="Zeichnung: Straßen eines Stadtteils am Fluss, darüber eine gelbe Sonne"
                if image
                else "",
            ),
        )


def _survey(district_page: DistrictPage, *, responses: int) -> None:
    from surveys.demo import GUT_LEBEN_QUESTIONS, GUT_LEBEN_SURVEY, demo_responses_create
    from surveys.models import SurveyPage

    survey = SurveyPage.objects.filter(slug=GUT_LEBEN_SURVEY["slug"]).first()
    if survey is None:
        now = timezone.now()
        survey = _publish_child(
            district_page,
            SurveyPage(
                **GUT_LEBEN_SURVEY,
                opens_at=now - datetime.timedelta(days=7),
                closes_at=now + datetime.timedelta(days=60),
                questions=copy.deepcopy(GUT_LEBEN_QUESTIONS),
            ),
        )
    # One transaction: the results are recomputed once, after the last response, not 240 times.
    with transaction.atomic():
        demo_responses_create(survey, count=responses)


def _idea_collection(district_page: DistrictPage, *, moderator, residents, report) -> None:
    from ideas.demo import COLLECTION_OPEN_DAYS, COLLECTIONS, demo_contributions_create
    from ideas.models import IdeaCategory, IdeaCollectionPage

    spec = COLLECTIONS[district_page.district.slug]
    collection = (
        IdeaCollectionPage.objects.child_of(district_page).filter(slug=spec["page"]["slug"]).first()
    )
    if collection is None:
        now = timezone.now()
        opened_days_ago, closes_in_days = COLLECTION_OPEN_DAYS
        collection = _publish_child(
            district_page,
            IdeaCollectionPage(
                **spec["page"],
                opens_at=now - datetime.timedelta(days=opened_days_ago),
                closes_at=now + datetime.timedelta(days=closes_in_days),
                categories=[
                    IdeaCategory(name=name, sort_order=position)
                    for position, name in enumerate(spec["categories"])
                ],
            ),
        )
        report.created.append(f"Ideensammlung {collection.title}")
    with transaction.atomic():  # results recomputed once, after the last contribution
        demo_contributions_create(collection, spec, moderator=moderator, residents=residents)


def _residents(report: SeedReport) -> list:
    """Accounts for the account-only idea collection: one resident who can log in (e-mail
    confirmed, as allauth requires), the others only support and comment."""
    from allauth.account.models import EmailAddress

    User = get_user_model()
    resident = User.objects.filter(email=content.RESIDENT_EMAIL).first() or User(
        email=content.RESIDENT_EMAIL, first_name="Erika", last_name="Beispiel"
    )
    # The same demo password as the admin's: its hash is reused, hashing again costs 0.3 s.
    resident.password = User.objects.get(email=content.ADMIN_EMAIL).password
    resident.is_staff = resident.is_superuser = False
    resident.save()
    EmailAddress.objects.update_or_create(
        user=resident, email=resident.email, defaults={"verified": True, "primary": True}
    )
    report.accounts.append((content.RESIDENT_EMAIL, "Bewohnerin (Anmeldung unter /konto/login/)"))
    neighbours = []
    for number in range(1, content.DEMO_NEIGHBOUR_COUNT + 1):
        email = content.neighbour_email(number)
        neighbour = User.objects.filter(email=email).first()
        if neighbour is None:
            neighbour = User(email=email)
            neighbour.set_unusable_password()
            neighbour.save()
        neighbours.append(neighbour)
    return [resident, *neighbours]


def _account(email: str, *, groups=(), superuser=False, first_name="", last_name="") -> None:
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, first_name=first_name, last_name=last_name)
    user.is_superuser = superuser
    user.is_staff = superuser
    user.set_password(content.DEMO_PASSWORD)
    user.save()
    user.groups.add(*groups)


@transaction.atomic
def demo_city_seed(*, survey_responses: int = DEMO_RESPONSE_COUNT) -> SeedReport:
    """Create the demo city's pages, districts, news, survey, idea collections and accounts
    where missing, with `survey_responses` generated responses to the demo survey."""
    report = SeedReport()
    roles_sync()
    home = _home_page()

    news_index = NewsIndexPage.objects.first() or _publish_child(
        home,
        NewsIndexPage(
            title=content.NEWS_INDEX["title"],
            slug=content.NEWS_INDEX["slug"],
            intro=content.NEWS_INDEX["intro"],
            show_in_menus=True,
        ),
    )
    district_pages = {spec["slug"]: _district(home, spec, report) for spec in content.DISTRICTS}
    _news(news_index, district_pages)

    _survey(district_pages["beiertheim-bulach"], responses=survey_responses)
    _standard_page(home, content.ABOUT_PAGE, in_menu=True)
    easy_read = _standard_page(home, content.EASY_READ_PAGE, easy_read=True, in_menu=True)
    imprint = _standard_page(home, content.IMPRINT_PAGE)
    privacy = _standard_page(home, content.PRIVACY_PAGE)
    statement = AccessibilityStatementPage.objects.first()
    if statement is None:
        spec = content.ACCESSIBILITY_PAGE
        statement = _publish_child(home, AccessibilityStatementPage(**spec))

    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal.city_name = "Karlsruhe"
    portal.footer_text = (
        "Eine Plattform der Stadt Karlsruhe (Demo) und der Stadtteilnetzwerke für die "
        "Soziale Quartiersentwicklung."
    )
    portal.imprint_page = imprint
    portal.privacy_page = privacy
    portal.accessibility_page = statement
    portal.easy_read_page = easy_read
    portal.save()

    _account(content.ADMIN_EMAIL, superuser=True, first_name="Admin", last_name="Demo")
    report.accounts.append((content.ADMIN_EMAIL, "Administration"))
    _account(
        content.EDITOR_EMAIL,
        groups=[Group.objects.get(name=EDITOR_GROUP_NAME)],
        first_name="Rita",
        last_name="Redaktion",
    )
    report.accounts.append((content.EDITOR_EMAIL, EDITOR_GROUP_NAME))
    for spec in content.DISTRICTS:
        district = District.objects.get(slug=spec["slug"])
        email = content.network_member_email(spec["slug"])
        _account(
            email, groups=[district.network_group], first_name="Netzwerk", last_name=spec["name"]
        )
        report.accounts.append((email, district.network_group.name))

    residents = _residents(report)
    for spec in content.DISTRICTS:
        _idea_collection(
            district_pages[spec["slug"]],
            moderator=get_user_model().objects.get(
                email=content.network_member_email(spec["slug"])
            ),
            residents=residents,
            report=report,
        )
    return report
