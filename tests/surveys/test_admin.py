"""The district network's side of a survey in the admin: who sees which responses, deleting one,
entering paper questionnaires and handing out access codes."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import GroupPagePermission, PageLogEntry

from cms.services import EDITOR_GROUP_NAME
from surveys import admin_access_codes, admin_views
from surveys.models import (
    AccessCode,
    Answer,
    Channel,
    ParticipationMode,
    Response,
    ResponseContact,
    SurveyResultsState,
)
from surveys.services import (
    Participant,
    access_code_participant,
    browser_participant,
    response_submit,
)
from tests.conftest import IN_CI
from tests.factories import DistrictPageFactory, SurveyPageFactory, UserFactory

# The whole demo questionnaire as typed in from paper; field names are the question keys.
PAPER = {
    "channel": "paper",
    "wohndauer": "ueber-20",
    "zufriedenheit": "4",
    "einkauf-zu-fuss": "nein",
    "einkauf-hindernisse": ["keine-baenke", "sonstiges"],
    "einkauf-hindernisse__sonstiges": "Kopfsteinpflaster",
    "angebote__mittagstisch": "1",
    "angebote__besuchsdienst": "2",
    "angebote__fahrdienst": "3",
    "angebote__treffpunkt": "4",
    "aussagen__nachbarschaft": "zu",
    "aussagen__beratung": "eher-nicht",
    "aussagen__sicherheit": "eher-zu",
    "wunsch": "Mehr Bänke an der Kirchstraße.",
    "altersgruppe": "80-plus",
    "haushalt": "1",
}
DENIED = "denied"  # Wagtail's admin answers PermissionDenied with a redirect to the dashboard
LOGIN = "login"


def url(name, survey, *args):
    from django.urls import reverse

    return reverse(f"surveys_admin:{name}", args=[survey.pk, *args])


@pytest.fixture
def export_permission(db):
    """The grant cms/services.py gives Redaktion and every network group."""
    permission = Permission.objects.get(
        content_type__app_label="surveys", codename="export_raw_responses"
    )

    def grant(*groups):
        for group in groups:
            group.permissions.add(permission)

    return grant


@pytest.fixture
def member(survey, export_permission):
    group = survey.district.network_group
    export_permission(group)
    return UserFactory(groups=[group])


@pytest.fixture
def editor(survey, export_permission):
    group = Group.objects.get(name=EDITOR_GROUP_NAME)
    export_permission(group)
    return UserFactory(groups=[group])


@pytest.fixture
def other_member(home_page, export_permission):
    oststadt = DistrictPageFactory(
        parent=home_page, district__name="Oststadt", district__slug="oststadt"
    )
    SurveyPageFactory(parent=oststadt, title="Spielplätze in der Oststadt")
    export_permission(oststadt.district.network_group)
    return UserFactory(groups=[oststadt.district.network_group])


@pytest.fixture
def submitted(survey, some_answers):
    return response_submit(
        survey=survey,
        participant=browser_participant(survey=survey, browser_id="b-1"),
        answers=some_answers,
        contact_email="erika@beteiligung.example",
    )


def _as(client, user):
    if user is not None:
        client.force_login(user)
    return client


# --- who may do what -------------------------------------------------------------------------

SURVEY_VIEWS = [
    ("survey", ()),
    ("response_delete", ("response",)),
    ("export_csv", ()),
    ("export_xlsx", ()),
    ("paper_entry", ()),
    ("access_codes", ()),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "args"), SURVEY_VIEWS)
@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", LOGIN), ("other_member", DENIED), ("member", 200), ("editor", 200)],
)
def test_permission_matrix(client, request, survey, submitted, name, args, who, expected):
    survey.participation_mode = ParticipationMode.CODE
    survey.save()
    user = None if who == "anonymous" else request.getfixturevalue(who)
    path = url(name, survey, *[submitted.pk for _arg in args])

    response = _as(client, user).get(path)

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/?next=")
    elif expected == DENIED:
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
    else:
        assert response.status_code == expected


@pytest.mark.django_db
def test_other_district_cannot_delete_or_enter_by_post(client, survey, submitted, other_member):
    client.force_login(other_member)

    deleted = client.post(url("response_delete", survey, submitted.pk))
    entered = client.post(url("paper_entry", survey), PAPER)

    assert (deleted.status_code, deleted["Location"]) == (302, "/admin/")
    assert (entered.status_code, entered["Location"]) == (302, "/admin/")
    assert list(Response.objects.values_list("pk", flat=True)) == [submitted.pk]


@pytest.mark.django_db
def test_managing_without_export_permission_shows_no_raw_data(client, survey, submitted):
    # A group that may edit the district's pages but holds no export permission.
    readers = Group.objects.create(name="Lesende")
    readers.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=readers,
        page=survey.get_parent(),
        permission=Permission.objects.get(codename="change_page"),
    )
    client.force_login(UserFactory(groups=[readers]))

    page = client.get(url("survey", survey))
    export = client.get(url("export_csv", survey))

    assert page.status_code == 200
    assert url("export_csv", survey) not in page.content.decode()
    assert (export.status_code, export["Location"]) == (302, "/admin/")


@pytest.mark.django_db
def test_superuser_exports_without_a_group(client, survey, submitted):
    client.force_login(UserFactory(is_superuser=True))
    assert client.get(url("export_csv", survey)).status_code == 200


# --- overview, menu and buttons --------------------------------------------------------------


@pytest.mark.django_db
def test_overview_lists_own_surveys_with_counts(client, survey, submitted, member, other_member):
    client.force_login(member)

    page = client.get("/admin/befragungen/").content.decode()

    assert "Gut leben und älter werden" in page
    assert "Spielplätze in der Oststadt" not in page
    assert '<td class="survey-admin-number">1</td>' in page


@pytest.mark.django_db
def test_editor_overview_lists_every_district(client, survey, editor, other_member):
    client.force_login(editor)
    page = client.get("/admin/befragungen/").content.decode()
    assert "Gut leben und älter werden" in page
    assert "Spielplätze in der Oststadt" in page


def _overview_queries(client, user) -> int:
    client.force_login(user)
    client.get("/admin/befragungen/")  # warm the caches a page view fills once per process
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/befragungen/").status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_overview_query_count_does_not_grow_with_surveys(client, district_page, some_answers):
    member = UserFactory(groups=[district_page.district.network_group])
    now = timezone.now()
    surveys = [
        SurveyPageFactory(parent=district_page, opens_at=now - datetime.timedelta(days=1))
        for _ in range(2)
    ]
    for survey in surveys:
        response_submit(survey=survey, participant=Participant(key=None), answers=some_answers)
    with_two = _overview_queries(client, member)

    for _ in range(18):
        SurveyPageFactory(parent=district_page)
    with_twenty = _overview_queries(client, member)

    assert with_two == with_twenty == 14


@pytest.mark.django_db
def test_responses_page_query_count_does_not_grow_with_responses(
    client, survey, member, some_answers
):
    def queries() -> int:
        client.force_login(member)
        client.get(url("survey", survey))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("survey", survey)).status_code == 200
        return len(captured)

    response_submit(survey=survey, participant=Participant(key=None), answers=some_answers)
    with_one = queries()
    for _ in range(9):
        response_submit(
            survey=survey,
            participant=Participant(key=None),
            answers=some_answers,
            channel=Channel.PAPER,
            entered_by=member,
        )
    with_ten = queries()

    assert with_one == with_ten


@pytest.mark.django_db
def test_responses_are_paginated_newest_first(client, survey, member, some_answers):
    responses = [
        response_submit(survey=survey, participant=Participant(key=None), answers=some_answers)
        for _ in range(admin_views.RESPONSES_PER_PAGE + 1)
    ]
    client.force_login(member)

    first = client.get(url("survey", survey)).context["responses"]
    second = client.get(url("survey", survey) + "?p=2").context["responses"]

    assert first[0].pk == responses[-1].pk
    assert len(first) == admin_views.RESPONSES_PER_PAGE
    assert [r.pk for r in second] == [responses[0].pk]


@pytest.mark.django_db
def test_menu_item_only_for_people_who_manage_a_survey(client, survey, member, home_page):
    nobody_district = DistrictPageFactory(parent=home_page)
    without_surveys = UserFactory(groups=[nobody_district.district.network_group])

    assert "/admin/befragungen/" in _as(client, member).get("/admin/").content.decode()
    client.logout()
    assert "/admin/befragungen/" not in _as(client, without_surveys).get("/admin/").content.decode()


@pytest.mark.django_db
def test_page_listing_and_header_offer_the_responses(client, survey, member, district_page):
    client.force_login(member)
    target = url("survey", survey)

    listing = client.get(f"/admin/pages/{district_page.pk}/").content.decode()
    editing = client.get(f"/admin/pages/{survey.pk}/edit/").content.decode()

    assert target in listing
    assert target in editing


# --- deleting a response ---------------------------------------------------------------------


@pytest.mark.django_db
def test_delete_asks_first_then_removes_the_response_and_marks_results_dirty(
    client, survey, submitted, member
):
    SurveyResultsState.objects.filter(survey=survey).update(dirty_since=None)
    client.force_login(member)

    confirm = client.get(url("response_delete", survey, submitted.pk))
    assert confirm.status_code == 200
    assert f"Antwortbogen Nr. {submitted.pk}" in confirm.content.decode()
    assert Response.objects.filter(pk=submitted.pk).exists()  # a GET deletes nothing

    response = client.post(url("response_delete", survey, submitted.pk))

    assert response.status_code == 302
    assert response["Location"] == url("survey", survey)
    assert not Response.objects.filter(pk=submitted.pk).exists()
    assert not Answer.objects.filter(response_id=submitted.pk).exists()
    assert not ResponseContact.objects.exists()
    assert SurveyResultsState.objects.get(survey=survey).dirty_since is not None
    entry = PageLogEntry.objects.get(page=survey, action="surveys.response_delete")
    assert (entry.user, entry.data) == (member, {"response": submitted.pk})


@pytest.mark.django_db
def test_response_of_another_survey_cannot_be_deleted_through_this_one(
    client, survey, district_page, member, some_answers
):
    other = SurveyPageFactory(parent=district_page, opens_at=survey.opens_at)
    foreign = response_submit(survey=other, participant=Participant(key=None), answers=some_answers)
    client.force_login(member)

    response = client.post(url("response_delete", survey, foreign.pk))

    assert response.status_code == 404
    assert Response.objects.filter(pk=foreign.pk).exists()


# --- paper questionnaires --------------------------------------------------------------------


@pytest.mark.django_db
def test_paper_entry_shows_every_step_on_one_page(client, survey, member):
    client.force_login(member)
    page = client.get(url("paper_entry", survey)).content.decode()
    for key in ("wohndauer", "einkauf-hindernisse", "angebote__treffpunkt", "kontakt"):
        assert f'name="{key}"' in page
    assert 'value="online"' not in page


@pytest.mark.django_db
def test_paper_entry_stores_a_paper_response_entered_by_the_member(client, survey, member):
    client.force_login(member)

    response = client.post(url("paper_entry", survey), PAPER, follow=True)

    stored = Response.objects.get()
    assert response.redirect_chain[0] == (url("survey", survey), 302)
    assert "Nächsten Bogen erfassen" in response.content.decode()
    assert url("paper_entry", survey) + "?kanal=paper" in response.content.decode()
    assert (stored.channel, stored.entered_by, stored.participant_key) == ("paper", member, None)
    assert stored.status == Response.Status.SUBMITTED
    answers = set(
        Answer.objects.filter(response=stored).values_list("question_key", "choice_key", "text")
    )
    assert ("einkauf-hindernisse", "sonstiges", "Kopfsteinpflaster") in answers
    assert ("wunsch", None, "Mehr Bänke an der Kirchstraße.") in answers
    assert Answer.objects.filter(response=stored).count() == 15


@pytest.mark.django_db
def test_next_questionnaire_keeps_the_channel(client, survey, member):
    client.force_login(member)
    page = client.get(url("paper_entry", survey) + "?kanal=interview").content.decode()
    assert 'value="interview" required id="id_channel_2" checked' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"wohndauer": "xyz"},
            "Bitte eine gültige Auswahl treffen. xyz ist keine gültige Auswahl.",
        ),
        ({"channel": ""}, "Bitte wählen Sie, wie der Bogen ausgefüllt wurde."),
        ({"channel": "online"}, "online ist keine gültige Auswahl."),
        ({"zufriedenheit": ""}, "Bitte wählen Sie einen Wert auf der Skala."),
        ({"angebote__treffpunkt": "1"}, "Jeder Rang darf nur einmal vorkommen."),
    ],
)
def test_invalid_paper_entry_stores_nothing(client, survey, member, changes, message):
    client.force_login(member)

    response = client.post(url("paper_entry", survey), {**PAPER, **changes})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0


@pytest.mark.django_db
def test_conditional_answer_is_dropped_when_its_condition_is_not_met(client, survey, member):
    client.force_login(member)

    client.post(url("paper_entry", survey), {**PAPER, "einkauf-zu-fuss": "ja"})

    assert Response.objects.count() == 1
    assert not Answer.objects.filter(question_key="einkauf-hindernisse").exists()


@pytest.mark.django_db
def test_paper_entry_works_after_the_survey_closed(client, survey, member):
    survey.closes_at = timezone.now() - datetime.timedelta(hours=1)
    survey.save()
    client.force_login(member)

    response = client.post(url("paper_entry", survey), {**PAPER, "channel": "assisted"})

    assert response.status_code == 302
    assert Response.objects.get().channel == Channel.ASSISTED


@pytest.mark.django_db
def test_paper_entry_is_refused_for_an_unpublished_survey(client, survey, member):
    survey.unpublish()
    client.force_login(member)

    shown = client.get(url("paper_entry", survey), follow=True)
    posted = client.post(url("paper_entry", survey), PAPER)

    assert "nicht veröffentlicht" in shown.content.decode()
    assert (posted.status_code, posted["Location"]) == (302, url("survey", survey))
    assert Response.objects.count() == 0


# --- access codes ----------------------------------------------------------------------------


@pytest.fixture
def code_survey(survey):
    survey.participation_mode = ParticipationMode.CODE
    survey.save()
    return survey


def _codes_from_csv(content: bytes) -> list[dict]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


@pytest.mark.django_db
def test_codes_come_once_as_csv_and_only_their_hashes_are_stored(client, code_survey, member):
    client.force_login(member)

    response = client.post(
        url("access_codes", code_survey),
        {"count": "7", "batch": "Brief Mai", "file_format": "csv"},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    rows = _codes_from_csv(response.content)
    codes = [row["code"] for row in rows]
    assert len(set(codes)) == 7
    assert {row["stapel"] for row in rows} == {"Brief Mai"}
    assert {row["adresse"] for row in rows} == {"http://localhost/beiertheim-bulach/gut-leben/"}
    stored = list(AccessCode.objects.filter(survey=code_survey, batch="Brief Mai"))
    assert len(stored) == 7
    assert not {code.code_hash for code in stored} & set(codes)
    assert all(access_code_participant(survey=code_survey, code=code) for code in codes)


@pytest.mark.django_db
@pytest.mark.parametrize("count", ["0", "2001", "viele"])
def test_invalid_code_count_creates_nothing(client, code_survey, member, count):
    client.force_login(member)
    response = client.post(
        url("access_codes", code_survey), {"count": count, "batch": "", "file_format": "csv"}
    )
    assert response.status_code == 400
    assert not AccessCode.objects.exists()


@pytest.mark.django_db
def test_codes_page_lists_earlier_batches(client, code_survey, member):
    client.force_login(member)
    data = {"count": "3", "batch": "Aushang", "file_format": "csv"}
    client.post(url("access_codes", code_survey), data)
    page = client.get(url("access_codes", code_survey)).content.decode()
    assert "Aushang" in page
    assert '<td class="survey-admin-number">3</td>' in page


@pytest.mark.django_db
def test_codes_only_for_surveys_in_code_mode(client, survey, member):
    client.force_login(member)
    assert client.get(url("access_codes", survey)).status_code == 404
    assert (
        client.post(url("access_codes", survey), {"count": "3", "file_format": "csv"}).status_code
        == 404
    )
    assert not AccessCode.objects.exists()


@pytest.mark.django_db
def test_codes_as_printable_pdf(client, code_survey, member):
    if admin_access_codes.weasyprint_module() is None:
        message = "WeasyPrint needs Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    client.force_login(member)

    response = client.post(
        url("access_codes", code_survey), {"count": "12", "batch": "", "file_format": "pdf"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AccessCode.objects.count() == 12


@pytest.mark.django_db
def test_codes_as_printable_page_without_weasyprint(client, code_survey, member, monkeypatch):
    monkeypatch.setattr(admin_access_codes, "weasyprint_module", lambda: None)
    client.force_login(member)

    form = client.get(url("access_codes", code_survey)).content.decode()
    response = client.post(
        url("access_codes", code_survey), {"count": "2", "batch": "", "file_format": "html"}
    )

    assert 'value="pdf"' not in form
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="code"') == 2
    assert "Strg+P" in page


@pytest.mark.django_db
def test_paper_entry_keeps_the_printed_order_of_shuffled_choices(client, survey, member):
    stream = survey.questions.raw_data
    for item in stream:
        if item["type"] == "multiple_choice":
            item["value"]["randomize"] = True
    survey.save()
    client.force_login(member)

    page = client.get(url("paper_entry", survey)).content.decode()

    keys = ["weg-zu-weit", "keine-baenke", "bordsteine", "keine-laeden", "sonstiges"]
    positions = [page.index(f'value="{key}"') for key in keys]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_entered_paper_questionnaire_is_in_the_csv_export(client, survey, member):
    """The network's round trip: type in a paper questionnaire, then find it in the export."""
    client.force_login(member)
    client.post(url("paper_entry", survey), PAPER)

    export = client.get(url("export_csv", survey))
    text = b"".join(export.streaming_content).decode("utf-8-sig")

    lines = [line for line in text.splitlines() if line]
    assert len(lines) == 2  # header and the one questionnaire
    assert ";paper;" in lines[1]
    assert "Kopfsteinpflaster" in lines[1]
