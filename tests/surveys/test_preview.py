"""Editors preview a survey in the admin before saving it, even if they once answered one."""

import json

import pytest
from django.core import signing

from beteiligung.browser_id import BROWSER_COOKIE, BROWSER_COOKIE_SALT
from tests.factories import UserFactory


def _one_question_post_data() -> dict:
    """One yes/no question, as the admin's StreamField widget posts it."""
    prefix = "questions-0"
    return {
        "questions-count": "1",
        f"{prefix}-type": "yes_no",
        f"{prefix}-deleted": "",
        f"{prefix}-order": "0",
        f"{prefix}-id": "0b4c5f7e-1f2a-4c3b-9d8e-7a6b5c4d3e2f",
        f"{prefix}-value-label": "Fahren Sie mit dem Bus?",
        f"{prefix}-value-help_text": "",
        f"{prefix}-value-key": "",
        f"{prefix}-value-condition-question": "",
        f"{prefix}-value-condition-operator": "is",
        f"{prefix}-value-condition-choice": "",
    }


@pytest.mark.django_db
def test_preview_of_an_unsaved_survey_with_a_participation_cookie(client, district_page):
    client.force_login(UserFactory(is_superuser=True))
    # The editor once answered a survey in this browser.
    client.cookies[BROWSER_COOKIE] = signing.get_cookie_signer(
        salt=BROWSER_COOKIE + BROWSER_COOKIE_SALT
    ).sign("editor-browser")
    preview_url = f"/admin/pages/add/surveys/surveypage/{district_page.pk}/preview/"
    data = {
        "title": "Wie mobil ist Daxlanden?",
        "slug": "mobil",
        "intro": "Eine kurze Befragung.",
        "privacy_note": json.dumps({"blocks": [], "entityMap": {}}),
        "estimated_minutes": "5",
        "participation_mode": "open",
        "results_visibility": "internal",
        "results_min_group": "5",
        **_one_question_post_data(),
    }

    posted = client.post(preview_url, data)
    shown = client.get(preview_url)

    assert posted.status_code == 200, posted.content.decode()[:500]
    assert json.loads(posted.content)["is_valid"], posted.content.decode()[:2000]
    assert shown.status_code == 200
    assert "Wie mobil ist Daxlanden?" in shown.content.decode()
