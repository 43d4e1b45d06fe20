import pytest
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from cms.blocks import CallToActionBlock, ImageBlock


@pytest.mark.django_db
def test_call_to_action_needs_exactly_one_target(home_page):
    block = CallToActionBlock()
    base = {"title": "Mitmachen", "text": "", "link_label": "Zum Stadtlabor"}

    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({**base, "link_page": None, "link_url": ""}))
    with pytest.raises(StructBlockValidationError):
        block.clean(
            block.to_python({**base, "link_page": home_page.pk, "link_url": "https://x.example"})
        )
    assert block.clean(
        block.to_python({**base, "link_page": None, "link_url": "https://x.example"})
    )


@pytest.mark.django_db
def test_image_alt_text_must_describe_the_image():
    image = get_image_model().objects.create(title="Werkstatt", file=get_test_image_file())
    block = ImageBlock()
    value = {"image": image.pk, "caption": "", "credit": ""}

    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({**value, "alt_text": "Foto"}))
    assert "alt_text" in error.value.block_errors
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({**value, "alt_text": ""}))
    assert block.clean(block.to_python({**value, "alt_text": "Menschen an einem Werkstatt-Tisch"}))
