from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter


@hooks.register("register_log_actions")
def register_idea_log_actions(actions):
    """Moderation decisions appear in the collection page's history."""

    def _register(action: str, label, message):
        class Formatter(LogFormatter):
            def format_message(self, log_entry):
                return message % dict(log_entry.data)

        Formatter.label = label
        actions.register_action(action)(Formatter)

    _register(
        "ideas.idea_approve", _("Idee freigeben"), _("Idee Nr. %(idea)s „%(title)s“ freigegeben")
    )
    _register("ideas.idea_reject", _("Idee ablehnen"), _("Idee Nr. %(idea)s „%(title)s“ abgelehnt"))
    _register(
        "ideas.idea_recategorize",
        _("Themenfeld ändern"),
        _("Idee Nr. %(idea)s „%(title)s“ dem Themenfeld „%(category)s“ zugeordnet"),
    )
    _register(
        "ideas.idea_merge",
        _("Ideen zusammenführen"),
        _("Idee Nr. %(idea)s „%(title)s“ mit Nr. %(into)s „%(into_title)s“ zusammengeführt"),
    )
    _register(
        "ideas.idea_status",
        _("Stand einer Idee ändern"),
        _("Stand der Idee Nr. %(idea)s „%(title)s“ geändert: %(status)s"),
    )
    _register(
        "ideas.comment_approve",
        _("Kommentar freigeben"),
        _("Kommentar Nr. %(comment)s freigegeben"),
    )
    _register(
        "ideas.comment_reject", _("Kommentar ablehnen"), _("Kommentar Nr. %(comment)s abgelehnt")
    )
