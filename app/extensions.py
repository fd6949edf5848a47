"""Extensions, created unbound here and bound to the app in ``create_app`` (the rate
limiter lives with its rules in app/limits.py)."""

from flask_cors import CORS
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

from app.errors import Api
from app.limits import limiter  # noqa: F401 (re-exported: one place for every extension)
from app.models.base import Base
from app.security import JWTManager

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
jwt = JWTManager()
api = Api()
cors = CORS()
