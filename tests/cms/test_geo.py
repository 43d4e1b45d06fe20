"""District boundaries: which points lie inside, and which GeoJSON a district accepts."""

import pytest
from django.core.exceptions import ValidationError

from cms.demo.content import DISTRICTS
from cms.geo import boundary_bounds, boundary_contains, boundary_validate
from tests.factories import DistrictFactory

# A district with a park in the middle that belongs to another district (a hole).
SQUARE_WITH_HOLE = {
    "type": "Polygon",
    "coordinates": [
        [[8.0, 49.0], [8.1, 49.0], [8.1, 49.1], [8.0, 49.1], [8.0, 49.0]],
        [[8.04, 49.04], [8.06, 49.04], [8.06, 49.06], [8.04, 49.06], [8.04, 49.04]],
    ],
}
# A district in two parts, e.g. a village and a settlement across the fields.
TWO_PARTS = {
    "type": "MultiPolygon",
    "coordinates": [
        [[[8.0, 49.0], [8.1, 49.0], [8.1, 49.1], [8.0, 49.1], [8.0, 49.0]]],
        [[[8.3, 49.0], [8.4, 49.0], [8.35, 49.1], [8.3, 49.0]]],
    ],
}


@pytest.mark.parametrize(
    ("latitude", "longitude", "inside"),
    [
        (49.02, 8.02, True),
        (49.05, 8.05, False),  # in the hole
        (49.05, 8.03, True),  # beside the hole
        (49.2, 8.05, False),
        (49.05, 7.9, False),
    ],
)
def test_points_in_a_polygon_with_a_hole(latitude, longitude, inside):
    assert boundary_contains(SQUARE_WITH_HOLE, latitude=latitude, longitude=longitude) is inside


@pytest.mark.parametrize(
    ("latitude", "longitude", "inside"),
    [
        (49.05, 8.05, True),  # first part
        (49.02, 8.35, True),  # second part, a triangle
        (49.09, 8.31, False),  # beside the triangle's slope
        (49.05, 8.2, False),  # the fields between
    ],
)
def test_points_in_a_district_of_two_parts(latitude, longitude, inside):
    assert boundary_contains(TWO_PARTS, latitude=latitude, longitude=longitude) is inside


def test_a_concave_boundary_leaves_out_its_notch():
    # An L-shaped district: the notch at the top right belongs to the neighbours.
    l_shape = {
        "type": "Polygon",
        "coordinates": [
            [
                [8.0, 49.0],
                [8.2, 49.0],
                [8.2, 49.1],
                [8.1, 49.1],
                [8.1, 49.2],
                [8.0, 49.2],
                [8.0, 49.0],
            ]
        ],
    }
    assert boundary_contains(l_shape, latitude=49.15, longitude=8.05)
    assert not boundary_contains(l_shape, latitude=49.15, longitude=8.15)


def test_bounds_are_south_west_and_north_east():
    assert boundary_bounds(TWO_PARTS) == [[49.0, 8.0], [49.1, 8.4]]


def test_every_demo_district_has_a_usable_boundary_around_its_own_places():
    centres = {
        "daxlanden": (49.0008, 8.3322),  # Pfarrstraße
        "beiertheim-bulach": (48.9905, 8.3745),  # Kirchstraße, Bulach
        "oststadt": (49.0055, 8.4235),  # Gottesauer Platz
    }
    for spec in DISTRICTS:
        boundary = spec["boundary"]
        boundary_validate(boundary)
        assert 7 <= len(boundary["coordinates"][0]) <= 13  # 6–12 corners and the closing one
        latitude, longitude = centres[spec["slug"]]
        assert boundary_contains(boundary, latitude=latitude, longitude=longitude)
        for other in DISTRICTS:
            if other is not spec:
                assert not boundary_contains(
                    other["boundary"], latitude=latitude, longitude=longitude
                )


MESSAGE = (
    "Bitte eine GeoJSON-Geometrie vom Typ Polygon oder MultiPolygon eingeben "
    "(Längengrad, Breitengrad in WGS 84)."
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("boundary", "message"),
    [
        ({"type": "Point", "coordinates": [8.4, 49.0]}, MESSAGE),
        ("8.4, 49.0", MESSAGE),
        ([[8.0, 49.0], [8.1, 49.0]], MESSAGE),
        ({"type": "Polygon"}, MESSAGE),
        ({"type": "Polygon", "coordinates": []}, MESSAGE),
        ({"type": "MultiPolygon", "coordinates": []}, MESSAGE),
        ({"type": "MultiPolygon", "coordinates": [[]]}, MESSAGE),
        ({"type": "Polygon", "coordinates": [[["acht", 49.0]] * 4]}, MESSAGE),
        # Latitude and longitude swapped: 49 is no longitude in Karlsruhe, 8 is, but 200 is none.
        ({"type": "Polygon", "coordinates": [[[49.0, 200.0]] * 4]}, MESSAGE),
        (
            {"type": "Polygon", "coordinates": [[[8.0, 49.0], [8.1, 49.0], [8.0, 49.0]]]},
            "Jede Fläche braucht mindestens drei Eckpunkte und einen Schlusspunkt.",
        ),
        (
            {"type": "Feature", "geometry": SQUARE_WITH_HOLE},
            MESSAGE,
        ),
    ],
    ids=[
        "point",
        "text",
        "bare-list",
        "no-coordinates",
        "empty",
        "empty-multipolygon",
        "multipolygon-without-rings",
        "not-a-number",
        "out-of-range",
        "too-few-corners",
        "feature-not-geometry",
    ],
)
def test_a_district_refuses_an_unusable_boundary_at_the_field(boundary, message):
    district = DistrictFactory.build(boundary=boundary)

    with pytest.raises(ValidationError) as error:
        district.full_clean()

    assert error.value.message_dict == {"boundary": [message]}


@pytest.mark.django_db
@pytest.mark.parametrize("boundary", [SQUARE_WITH_HOLE, TWO_PARTS, None])
def test_a_district_accepts_polygons_multipolygons_or_no_boundary(boundary):
    district = DistrictFactory(boundary=boundary)
    district.refresh_from_db()
    assert district.boundary == boundary
