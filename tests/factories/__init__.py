from .accounts import UserFactory
from .cms import (
    DistrictFactory,
    DistrictPageFactory,
    NetworkActorFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
)
from .surveys import SurveyPageFactory

__all__ = [
    "DistrictFactory",
    "DistrictPageFactory",
    "NetworkActorFactory",
    "NewsIndexPageFactory",
    "NewsPageFactory",
    "StandardPageFactory",
    "SurveyPageFactory",
    "UserFactory",
]
