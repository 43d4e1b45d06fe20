"""E-mails to submitters who asked to hear back: sent once, with what the network wrote, and
not lost when the mail server is down."""

import pytest
from django.core.mail.backends.base import BaseEmailBackend

from ideas.models import IdeaStatus, ModerationState
from ideas.services import idea_approve, idea_reject, idea_status_change
from ideas.tasks import send_idea_rejected_task, send_status_change_task
from tests.factories import IdeaFactory, UserFactory

ADDRESS = "erika@beteiligung.example"


class UnreachableMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server not reachable")


@pytest.fixture
def moderator():
    return UserFactory()


@pytest.fixture
def idea(collection):
    return IdeaFactory(collection=collection, title="Bank am Kirchplatz", contact_email=ADDRESS)


@pytest.mark.django_db
def test_rejection_email_tells_the_reason_and_where_to_go(collection, idea, moderator, mailoutbox):
    idea_reject(idea=idea, user=moderator, reason="Ihr Text nennt eine Person mit Namen.")

    assert send_idea_rejected_task(idea.pk) is True

    (mail,) = mailoutbox
    assert mail.to == [ADDRESS]
    assert mail.subject == "Ihre Idee „Bank am Kirchplatz“ wird nicht veröffentlicht"
    assert "Ihr Text nennt eine Person mit Namen." in mail.body
    assert f"http://testserver{collection.url}" in mail.body
    idea.refresh_from_db()
    assert idea.rejection_notified_at is not None


@pytest.mark.django_db
def test_rejection_email_is_sent_once_when_the_task_runs_twice(idea, moderator, mailoutbox):
    idea_reject(idea=idea, user=moderator, reason="Werbung")

    send_idea_rejected_task(idea.pk)
    assert send_idea_rejected_task(idea.pk) is False

    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_no_rejection_email_when_the_idea_was_published_after_all(idea, moderator, mailoutbox):
    idea_reject(idea=idea, user=moderator, reason="Versehen")
    idea_approve(idea=idea, user=moderator)

    assert send_idea_rejected_task(idea.pk) is False
    assert mailoutbox == []


@pytest.mark.django_db
def test_no_rejection_email_without_an_address(collection, moderator, mailoutbox):
    idea = IdeaFactory(collection=collection, contact_email="")
    idea_reject(idea=idea, user=moderator, reason="Werbung")

    assert send_idea_rejected_task(idea.pk) is False
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_second_rejection_is_told_again(idea, moderator, mailoutbox):
    idea_reject(idea=idea, user=moderator, reason="Enthält einen Namen.")
    send_idea_rejected_task(idea.pk)
    idea_approve(idea=idea, user=moderator)
    idea_reject(idea=idea, user=moderator, reason="Doch Werbung.")

    send_idea_rejected_task(idea.pk)

    assert [("Doch Werbung." in mail.body) for mail in mailoutbox] == [False, True]


@pytest.mark.django_db
def test_rejection_email_is_kept_for_a_retry_when_the_mail_server_is_down(
    idea, moderator, settings, mailoutbox
):
    idea_reject(idea=idea, user=moderator, reason="Werbung")
    settings.EMAIL_BACKEND = f"{__name__}.UnreachableMailServer"

    with pytest.raises(OSError):
        send_idea_rejected_task(idea.pk)
    idea.refresh_from_db()
    assert idea.rejection_notified_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_idea_rejected_task(idea.pk) is True
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_status_email_carries_the_networks_feedback_and_a_link(idea, moderator, mailoutbox):
    change = idea_status_change(
        idea=idea,
        status=IdeaStatus.ACCEPTED,
        feedback="Der Bürgerverein stellt im Frühjahr zwei Bänke auf.",
        user=moderator,
    )

    assert send_status_change_task(change.pk) is True
    assert send_status_change_task(change.pk) is False  # redelivered: nothing more

    (mail,) = mailoutbox
    assert mail.to == [ADDRESS]
    assert mail.subject == "Ihre Idee „Bank am Kirchplatz“: angenommen"
    assert "Der Bürgerverein stellt im Frühjahr zwei Bänke auf." in mail.body
    assert f"http://testserver{idea.collection.idea_url(idea)}" in mail.body
    change.refresh_from_db()
    assert change.notified_at is not None


@pytest.mark.django_db
def test_every_status_change_is_told_once(idea, moderator, mailoutbox):
    changes = [
        idea_status_change(idea=idea, status=status, feedback=f"Jetzt: {status}", user=moderator)
        for status in (IdeaStatus.IN_REVIEW, IdeaStatus.ACCEPTED, IdeaStatus.DONE)
    ]
    for change in changes + changes:
        send_status_change_task(change.pk)

    assert [mail.subject.split(": ")[-1] for mail in mailoutbox] == [
        "in Prüfung",
        "angenommen",
        "umgesetzt",
    ]


@pytest.mark.django_db
def test_status_email_is_kept_for_a_retry_when_the_mail_server_is_down(
    idea, moderator, settings, mailoutbox
):
    change = idea_status_change(
        idea=idea, status=IdeaStatus.IN_REVIEW, feedback="Wird besprochen.", user=moderator
    )
    settings.EMAIL_BACKEND = f"{__name__}.UnreachableMailServer"

    with pytest.raises(OSError):
        send_status_change_task(change.pk)
    change.refresh_from_db()
    assert change.notified_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_status_change_task(change.pk) is True
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_no_status_email_without_an_address(collection, moderator, mailoutbox):
    idea = IdeaFactory(collection=collection, contact_email="")
    change = idea_status_change(
        idea=idea, status=IdeaStatus.IN_REVIEW, feedback="Wird besprochen.", user=moderator
    )

    assert send_status_change_task(change.pk) is False
    assert mailoutbox == []
    assert idea.moderation == ModerationState.PUBLISHED
