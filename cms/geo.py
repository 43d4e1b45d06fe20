"""District boundaries as GeoJSON (WGS 84), without a GIS stack.

A boundary is a GeoJSON Polygon or MultiPolygon geometry, as exported by any city's geo
portal. The only questions asked of it are "is this point inside?" and "what area should a
map show?", which a ray cast answers exactly enough at district scale.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

Ring = list[list[float]]


def _polygons(geometry: dict) -> list[list[Ring]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def boundary_validate(geometry) -> None:
    """Raise ValidationError unless `geometry` is a usable Polygon or MultiPolygon."""
    message = _(
        "Bitte eine GeoJSON-Geometrie vom Typ Polygon oder MultiPolygon eingeben "
        "(Längengrad, Breitengrad in WGS 84)."
    )
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        raise ValidationError(message)
    try:
        polygons = _polygons(geometry)
        for polygon in polygons:
            if not polygon:  # no outer ring: nothing could ever lie inside
                raise ValidationError(message)
            for ring in polygon:
                if len(ring) < 4:
                    raise ValidationError(
                        _("Jede Fläche braucht mindestens drei Eckpunkte und einen Schlusspunkt.")
                    )
                for longitude, latitude, *_rest in ring:
                    if not (-180 <= float(longitude) <= 180 and -90 <= float(latitude) <= 90):
                        raise ValidationError(message)
    except (TypeError, ValueError, KeyError) as error:
        raise ValidationError(message) from error
    if not polygons:
        raise ValidationError(message)


def _ring_contains(ring: Ring, x: float, y: float) -> bool:
    inside = False
    for (x1, y1, *_a), (x2, y2, *_b) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def boundary_contains(geometry: dict, *, latitude: float, longitude: float) -> bool:
    """Whether the point lies inside the boundary (outer rings minus holes)."""
    for outer, *holes in _polygons(geometry):
        if _ring_contains(outer, longitude, latitude) and not any(
            _ring_contains(hole, longitude, latitude) for hole in holes
        ):
            return True
    return False


def boundary_bounds(geometry: dict) -> list[list[float]]:
    """[[south, west], [north, east]], the order Leaflet's fitBounds takes."""
    points = [point for polygon in _polygons(geometry) for ring in polygon for point in ring]
    longitudes = [float(point[0]) for point in points]
    latitudes = [float(point[1]) for point in points]
    return [[min(latitudes), min(longitudes)], [max(latitudes), max(longitudes)]]
