"""Link previews: ``{% share_preview_meta page %}`` prints the share kit's Open Graph tags."""

from io import BytesIO

import pytest
from django.core.cache import caches
from django.core.files.images import ImageFile
from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model

from tests.sharing_factories import create_kit
from wagtail_advocacy.models import ShareableArticlePage

TEMPLATE = Template("{% load wagtail_advocacy_tags %}{% share_preview_meta page %}")


def render_meta(page, host="intranet.northwind.example"):
    request = RequestFactory().get("/open-day/", HTTP_HOST=host)
    return TEMPLATE.render(Context({"request": request, "page": page})).strip()


@pytest.fixture
def make_image(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    def make(title="Visitors in the Lyon plant"):
        data = BytesIO()
        PILImage.new("RGB", (1600, 1000), "teal").save(data, "PNG")
        return get_image_model().objects.create(
            title=title, file=ImageFile(data, name="open-day.png")
        )

    return make


def test_the_tags_show_the_kits_preview(make_event_page, make_image):
    page = make_event_page(title="Open day", slug="open-day")
    create_kit(
        page, title="Come to our open day", description="Saturday 9 May", image=make_image()
    )
    html = render_meta(page)
    assert '<meta property="og:title" content="Come to our open day">' in html
    assert '<meta property="og:description" content="Saturday 9 May">' in html
    assert f'<meta property="og:url" content="{page.get_full_url()}">' in html
    assert page.get_full_url().startswith("http")
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:height" content="630">' in html
    assert '<meta property="og:image:alt" content="Visitors in the Lyon plant">' in html


def test_the_image_is_an_absolute_url_of_a_large_rendition(make_event_page, make_image):
    page = make_event_page()
    create_kit(page, image=make_image())
    html = render_meta(page, host="intranet.northwind.example")
    start = html.index('<meta property="og:image" content="') + len(
        '<meta property="og:image" content="'
    )
    image_url = html[start : html.index('"', start)]
    assert image_url.startswith("http://intranet.northwind.example/media/images/open-day")
    assert ".fill-1200x630" in image_url


def test_the_values_are_escaped(make_event_page):
    page = make_event_page()
    create_kit(page, title='Say "hi" <script>alert(1)</script>', description="R&D > all")
    html = render_meta(page)
    assert (
        '<meta property="og:title" content="Say &quot;hi&quot; '
        '&lt;script&gt;alert(1)&lt;/script&gt;">' in html
    )
    assert '<meta property="og:description" content="R&amp;D &gt; all">' in html
    assert "<script>" not in html


def test_without_a_kit_the_page_title_and_search_description_are_used(make_event_page):
    page = make_event_page(title="Open day", search_description="Come and see us")
    html = render_meta(page)
    assert '<meta property="og:title" content="Open day">' in html
    assert '<meta property="og:description" content="Come and see us">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert "og:image" not in html
    page.seo_title = "Open day at Northwind"
    assert '<meta property="og:title" content="Open day at Northwind">' in render_meta(page)


def test_a_withdrawn_kit_gives_way_to_the_page(make_event_page):
    page = make_event_page(title="Open day")
    create_kit(page, title="Come to our open day", withdrawn_at=timezone.now())
    html = render_meta(page)
    assert '<meta property="og:title" content="Open day">' in html
    assert "Come to our open day" not in html


def test_a_blank_kit_description_falls_back_to_the_page(make_event_page):
    page = make_event_page(search_description="Come and see us")
    create_kit(page, title="Come to our open day", description="")
    html = render_meta(page)
    assert '<meta property="og:title" content="Come to our open day">' in html
    assert '<meta property="og:description" content="Come and see us">' in html


def test_nothing_without_a_page(db):
    assert TEMPLATE.render(Context({"page": None})).strip() == ""
    a_paginators_page = Paginator(["a", "b"], 1).get_page(1)
    assert TEMPLATE.render(Context({"page": a_paginators_page})).strip() == ""
    assert (
        Template("{% load wagtail_advocacy_tags %}{% share_preview_meta page %}")
        .render(Context({}))
        .strip()
        == ""
    )


def test_the_tag_runs_at_most_three_queries(
    make_event_page, make_image, django_assert_max_num_queries
):
    page = make_event_page()
    create_kit(page, image=make_image())
    render_meta(page)  # the rendition is made once, on the first view
    caches["default"].clear()  # no cached rendition nor site root paths
    request = RequestFactory().get("/")
    # The kit with its image, the rendition, the site root paths (cached on the request).
    with django_assert_max_num_queries(3):
        html = TEMPLATE.render(Context({"request": request, "page": page}))
    assert "og:image" in html


@pytest.fixture
def shipped_article(root_page):
    article = ShareableArticlePage(
        title="Our plant in Lyon goes solar", intro="Forty thousand panels on the roof."
    )
    root_page.add_child(instance=article)
    article.save_revision().publish()
    return article


def test_the_shipped_article_page_has_one_set_of_tags_in_its_head(client, shipped_article):
    create_kit(shipped_article, title="Lyon goes solar", public_url="")
    html = client.get(shipped_article.url).content.decode()
    head = html[: html.index("</head>")]
    # The example site's base template calls the tag too: printed once all the same.
    assert html.count('property="og:title"') == 1
    assert '<meta property="og:title" content="Lyon goes solar">' in head


def test_a_head_partial_and_the_page_template_print_one_set_of_tags(make_event_page):
    page = make_event_page(title="Open day")
    create_kit(page, title="Come to our open day")
    partial = Template("{% load wagtail_advocacy_tags %}{% share_preview_meta page %}")
    page_template = Template(
        "{% load wagtail_advocacy_tags %}<head>{% include partial %}</head>"
        "{% share_preview_meta page %}"
    )
    request = RequestFactory().get("/", HTTP_HOST="intranet.northwind.example")

    html = page_template.render(Context({"request": request, "page": page, "partial": partial}))

    assert html.count('property="og:title"') == 1
    assert '<meta property="og:title" content="Come to our open day">' in html


def test_the_shipped_article_page_on_a_base_template_without_the_tag(
    client, shipped_article, settings
):
    settings.WAGTAIL_ADVOCACY_BASE_TEMPLATE = "testapp/base.html"
    html = client.get(shipped_article.url).content.decode()
    head = html[: html.index("</head>")]
    assert '<meta property="og:title" content="Our plant in Lyon goes solar">' in head
    assert html.count('property="og:title"') == 1
