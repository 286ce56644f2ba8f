"""Extensions created unbound and attached to an app in the factory, so tests can build many apps."""

from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()
migrate = Migrate()
