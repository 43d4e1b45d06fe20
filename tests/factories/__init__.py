from .accounts import UserFactory
from .cms import (
    DistrictFactory,
    DistrictPageFactory,
    NetworkActorFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
)

__all__ = [
    "DistrictFactory",
    "DistrictPageFactory",
    "NetworkActorFactory",
    "NewsIndexPageFactory",
    "NewsPageFactory",
    "StandardPageFactory",
    "UserFactory",
]
