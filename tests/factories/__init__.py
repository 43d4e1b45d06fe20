from .accounts import UserFactory
from .cms import (
    DistrictFactory,
    DistrictPageFactory,
    NetworkActorFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
)
from .ideas import IdeaCollectionPageFactory, IdeaFactory
from .surveys import SurveyPageFactory

__all__ = [
    "DistrictFactory",
    "DistrictPageFactory",
    "IdeaCollectionPageFactory",
    "IdeaFactory",
    "NetworkActorFactory",
    "NewsIndexPageFactory",
    "NewsPageFactory",
    "StandardPageFactory",
    "SurveyPageFactory",
    "UserFactory",
]
