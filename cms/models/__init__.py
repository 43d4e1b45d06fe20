from .districts import District, DistrictPage, NetworkActor
from .home import HomePage
from .news import NewsIndexPage, NewsPage
from .settings import PortalSettings
from .standard import AccessibilityStatementPage, StandardPage

__all__ = [
    "AccessibilityStatementPage",
    "District",
    "DistrictPage",
    "HomePage",
    "NetworkActor",
    "NewsIndexPage",
    "NewsPage",
    "PortalSettings",
    "StandardPage",
]
