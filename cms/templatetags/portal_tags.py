from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info
from wagtail.models import Site

register = template.Library()


@register.inclusion_tag("includes/language_switch.html", takes_context=True)
def language_switch(context):
    """Links to this same page in every other interface language."""
    request = context.get("request")
    current = get_language()
    path = request.get_full_path() if request else "/"
    languages = [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(path, code),
        }
        for code, _name in settings.LANGUAGES
        if code != current
    ]
    return {"languages": languages}


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    """The home page and its children marked "show in menus", in tree order."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    home = site.root_page if site else None
    items = home.get_children().live().public().in_menu() if home else []
    current = context.get("page")
    return {
        "home": home,
        "items": items,
        "current_path": current.url_path if current else "",
        "request": request,
    }


@register.simple_tag(takes_context=True)
def content_lang(context):
    """lang attribute for editorial content, which is German even when the interface is not."""
    content_language = settings.WAGTAIL_CONTENT_LANGUAGES[0][0]
    if get_language() == content_language:
        return ""
    return format_html(' lang="{}"', content_language)
