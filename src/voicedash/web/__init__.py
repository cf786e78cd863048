"""Serves the built single-page app (frontend/ builds into web/dist)."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from voicedash.errors import error_body

DIST = Path(__file__).parent / "dist"


def _api_miss(app: FastAPI, path: str) -> JSONResponse:
    """A GET under /api that no route serves: 405 if the path exists for other methods, else 404."""
    allowed: list[str] = []
    for template, operations in app.openapi()["paths"].items():  # the public, documented routes
        if re.fullmatch(re.sub(r"\{[^/]+\}", "[^/]+", template), path):
            allowed = sorted(method.upper() for method in operations)
    if allowed:
        return JSONResponse(
            error_body(f"use {', '.join(allowed)} on {path}", "METHOD_NOT_ALLOWED"),
            status_code=405,
            headers={"Allow": ", ".join(allowed)},
        )
    return JSONResponse(error_body(f"no API endpoint at {path}", "NOT_FOUND"), status_code=404)


def mount_frontend(app: FastAPI, dist: Path = DIST) -> None:
    """Serve /assets from the build and index.html for every other page the SPA routes itself."""
    if (dist / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=dist / "assets"), name="assets")
    # Files at the top of the build (favicon, robots.txt); known up front, so no path is ever joined.
    root_files = {p.name: p for p in dist.iterdir() if p.is_file()} if dist.is_dir() else {}
    index = root_files.get("index.html")

    @app.api_route("/{page:path}", methods=["GET", "HEAD"], include_in_schema=False, response_model=None)
    async def spa(page: str) -> Response:
        """The dashboard: a file at the top of the build, or index.html for a page the SPA routes itself."""
        if page.startswith(("api/", "socket.io")):
            return _api_miss(app, f"/{page}")
        if page in root_files:
            return FileResponse(root_files[page])
        if index is None:
            return JSONResponse(
                {
                    "success": False,
                    "error": "the front end is not built: run `make build`",
                    "code": "NO_FRONTEND",
                    "details": {},
                },
                status_code=503,
            )
        return FileResponse(index, headers={"Cache-Control": "no-cache"})
