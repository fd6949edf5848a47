"""The framework ceiling: a minimal Flask endpoint that answers with a JSON body of the
same size as the benchmarked ``/api/videos`` page, run under the same gunicorn settings.

bench/run.py saves the real page to ``BENCH_CEILING_BODY``; this app parses it once and
serialises it on every request (as the real endpoint does), with no database, no schema
and no authentication, so its requests/s is what Flask + gunicorn can do at best.
"""

import json
import os

from flask import Flask, jsonify

with open(os.environ["BENCH_CEILING_BODY"], encoding="utf-8") as file:
    PAGE = json.load(file)

app = Flask(__name__)


@app.get("/ceiling")
def ceiling():
    return jsonify(PAGE)
