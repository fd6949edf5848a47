"""The application factory."""

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import INSTANCE_DIR, get_config


def create_app(config_name=None, overrides=None):
    from app.parsing import JSONProvider, Request

    app = Flask(__name__, instance_path=str(INSTANCE_DIR), instance_relative_config=True)
    app.json = JSONProvider(app)
    app.request_class = Request
    config = get_config(config_name)
    app.config.from_object(config)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(overrides or {})
    config.init(app)

    from app import database, headers, idempotency, logs, metrics, openapi, storage, tasks
    from app.blueprint import IdConverter
    from app.errors import register_error_handlers
    from app.extensions import api, cors, db, jwt, limiter, migrate
    from app.security import init_jwt, passwords

    app.url_map.converters["id"] = IdConverter
    app.url_map.strict_slashes = False
    # No redirect to the slash-merged URL: its Location would be built from the client's
    # Host (or X-Forwarded-Host) header. "//api//videos" is a 404 like any unknown path.
    app.url_map.merge_slashes = False
    db.init_app(app)
    database.init_app(app)
    storage.init_app(app)
    tasks.init_app(app)
    migrate.init_app(
        app, db, directory=str(INSTANCE_DIR.parent / "migrations"), render_as_batch=True, compare_type=True
    )
    jwt.init_app(app)
    init_jwt(jwt, db)
    passwords.init_app(app)
    limiter.init_app(app)
    idempotency.init_app(app)
    metrics.init_app(app)
    logs.init_app(app)
    if app.config["CORS_ORIGINS"]:
        cors.init_app(app, resources={r"/api/*": {"origins": app.config["CORS_ORIGINS"]}})
    api.init_app(app, spec_kwargs=openapi.spec_kwargs(app.config))
    api.register_converter(IdConverter, IdConverter.openapi_schema)
    register_error_handlers(app)
    headers.init_app(app)

    from app.auth.routes import blp as auth_blp
    from app.comments.routes import blp as comments_blp
    from app.docs.routes import bp as docs_bp
    from app.engagement.routes import blp as engagement_blp
    from app.exports.routes import blp as exports_blp
    from app.hashtags.routes import blp as hashtags_blp
    from app.health.routes import blp as health_blp
    from app.instance.routes import blp as instance_blp
    from app.likes.routes import blp as likes_blp
    from app.moderation.routes import blp as moderation_blp
    from app.notifications.routes import blp as notifications_blp
    from app.uploads.routes import blp as uploads_blp
    from app.users.routes import blp as users_blp
    from app.videos.routes import blp as videos_blp

    features = (
        auth_blp,
        exports_blp,
        videos_blp,
        uploads_blp,
        likes_blp,
        engagement_blp,
        comments_blp,
        hashtags_blp,
        notifications_blp,
        users_blp,
        moderation_blp,
        instance_blp,
    )
    for blueprint in (*features, health_blp):
        api.register_blueprint(blueprint)
    app.register_blueprint(docs_bp)  # not in the OpenAPI document: the docs' own files
    if "media" in app.blueprints:  # served by the app (local storage, SERVE_MEDIA)
        storage.document_media_route(api.spec, next(app.url_map.iter_rules("media.serve")))
    # Not health: it checks the database itself and reports an outage in its own body.
    database.read_without_transaction(app, features)

    from app.commands import register_commands

    register_commands(app)

    if app.config["PROXY_HOPS"]:
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops
        )
    return app
