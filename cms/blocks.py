"""The block library editors compose pages from. Each block has its own template in
templates/blocks/ and a preview value, so the admin's block picker shows what it looks like."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


def _chosen(struct_values, name: str) -> list:
    """The objects a chooser child block holds in each of a stream's blocks of one type."""
    return [value[name] for value in struct_values if value.get(name) is not None]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Überschrift"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Ebene"),
        choices=[("h2", _("Abschnitt (H2)")), ("h3", _("Unterabschnitt (H3)"))],
        default="h2",
        help_text=_("Die Seite hat schon eine H1 (den Titel); Abschnitte beginnen mit H2."),
    )

    class Meta:
        icon = "title"
        label = _("Überschrift")
        template = "blocks/heading_block.html"
        preview_value = {"text": "Gemeinsam im Quartier", "level": "h2"}
        description = _("Eine Zwischenüberschrift, die den Text gliedert.")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Bild"))
    alt_text = blocks.CharBlock(
        label=_("Alternativtext"),
        max_length=250,
        help_text=_(
            "Beschreiben Sie, was auf dem Bild zu sehen ist, für Menschen, die es nicht sehen "
            "können. Pflichtfeld."
        ),
    )
    caption = blocks.CharBlock(label=_("Bildunterschrift"), required=False, max_length=250)
    credit = blocks.CharBlock(label=_("Bildnachweis"), required=False, max_length=120)

    class Meta:
        icon = "image"
        label = _("Bild")
        template = "blocks/image_block.html"
        description = _("Ein Bild mit Alternativtext und optionaler Bildunterschrift.")

    def bulk_to_python(self, values):
        # The renditions of all image blocks of a page in one query, not one per image. All
        # of them: Wagtail takes a size missing from prefetched renditions as never made.
        struct_values = super().bulk_to_python(values)
        prefetch_related_objects(
            _chosen(struct_values, "image"),
            Prefetch("renditions", to_attr="prefetched_renditions"),
        )
        return struct_values

    def clean(self, value):
        value = super().clean(value)
        if value.get("alt_text", "").strip().lower() in {"bild", "foto", "image", "photo"}:
            raise StructBlockValidationError(
                {"alt_text": ValidationError(_("Bitte beschreiben Sie den Bildinhalt."))}
            )
        return value


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Zitat"), max_length=600)
    attribution = blocks.CharBlock(label=_("Wer hat das gesagt?"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = _("Zitat")
        template = "blocks/quote_block.html"
        preview_value = {
            "text": "Quartiere sind lebendige soziale Räume, in die Menschen sich einbringen.",
            "attribution": "Landesstrategie Quartier 2030",
        }
        description = _("Eine Stimme aus dem Quartier, hervorgehoben.")


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titel"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False, max_length=400)
    link_page = blocks.PageChooserBlock(label=_("Link auf eine Seite"), required=False)
    link_url = blocks.URLBlock(label=_("oder Link auf eine Adresse"), required=False)
    link_label = blocks.CharBlock(
        label=_("Beschriftung des Links"),
        max_length=60,
        help_text=_("Sagen Sie, wohin der Link führt, z. B. „Zum Stadtlabor anmelden“."),
    )

    class Meta:
        icon = "pick"
        label = _("Handlungsaufruf")
        template = "blocks/call_to_action_block.html"
        description = _("Ein hervorgehobener Kasten mit einem Link.")

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("link_page")) == bool(value.get("link_url")):
            message = ValidationError(_("Bitte genau eines angeben: eine Seite oder eine Adresse."))
            raise StructBlockValidationError({"link_page": message, "link_url": message})
        return value


class ContactCardBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Name"), max_length=120)
    role = blocks.CharBlock(label=_("Funktion"), required=False, max_length=120)
    phone = blocks.CharBlock(label=_("Telefon"), required=False, max_length=40)
    email = blocks.EmailBlock(label=_("E-Mail"), required=False)
    address = blocks.TextBlock(label=_("Adresse"), required=False, max_length=300)
    office_hours = blocks.TextBlock(label=_("Sprechzeiten"), required=False, max_length=300)

    class Meta:
        icon = "user"
        label = _("Kontakt")
        template = "blocks/contact_card_block.html"
        preview_value = {
            "name": "Stadtteilkoordination",
            "role": "Ansprechperson",
            "phone": "0721 133-0000",
            "office_hours": "Dienstag 10–12 Uhr",
        }
        description = _("Name, Telefon, E-Mail, Adresse und Sprechzeiten einer Ansprechperson.")


class ActorListBlock(blocks.StructBlock):
    """Chooses a district and shows its network actors: the list itself lives on the district."""

    title = blocks.CharBlock(label=_("Überschrift"), required=False, max_length=120)
    district = SnippetChooserBlock("cms.District", label=_("Stadtteil"))

    class Meta:
        icon = "group"
        label = _("Akteure im Stadtteilnetzwerk")
        template = "blocks/actor_list_block.html"
        description = _("Die Vereine, Träger, Kirchen und Initiativen eines Stadtteils.")

    def bulk_to_python(self, values):
        # The actors of all actor lists of a page in one query, not one per list.
        struct_values = super().bulk_to_python(values)
        prefetch_related_objects(_chosen(struct_values, "district"), "actors")
        return struct_values


class SurveyTeaserBlock(blocks.StructBlock):
    """Points at a survey; the survey page itself says whether it is open."""

    survey = blocks.PageChooserBlock(page_type="surveys.SurveyPage", label=_("Befragung"))
    text = blocks.TextBlock(
        label=_("Kurzer Aufruf"),
        required=False,
        max_length=300,
        help_text=_("Leer lassen, um die Einleitung der Befragung zu zeigen."),
    )

    class Meta:
        icon = "form"
        label = _("Befragung")
        template = "blocks/survey_teaser_block.html"
        description = _("Lädt zu einer Befragung ein, mit Zeitraum und Link.")

    def bulk_to_python(self, values):
        # The chooser loads the surveys in one query; their districts (in the teaser) too.
        struct_values = super().bulk_to_python(values)
        prefetch_related_objects(_chosen(struct_values, "survey"), "district")
        return struct_values


class BodyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Text"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        preview_value=(
            "<p>Im Stadtteilnetzwerk werden Informationen ausgetauscht und für den Stadtteil "
            "relevante Fragen erörtert.</p>"
        ),
        description=_("Ein Textabschnitt mit Absätzen, Listen und Links."),
    )
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    contact = ContactCardBlock()
    actors = ActorListBlock()
    survey = SurveyTeaserBlock()

    class Meta:
        template = "blocks/body_stream_block.html"
