"""Serves the built single-page app (frontend/ builds into web/dist)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

DIST = Path(__file__).parent / "dist"


def mount_frontend(app: FastAPI, dist: Path = DIST) -> None:
    """Serve /assets from the build and index.html for every other page the SPA routes itself."""
    if (dist / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=dist / "assets"), name="assets")
    # Files at the top of the build (favicon, robots.txt); known up front, so no path is ever joined.
    root_files = {p.name: p for p in dist.iterdir() if p.is_file()} if dist.is_dir() else {}
    index = root_files.get("index.html")

    @app.get("/{page:path}", include_in_schema=False, response_model=None)
    async def spa(page: str) -> Response:
        """The dashboard: a file at the top of the build, or index.html for a page the SPA routes itself."""
        if page.startswith(("api/", "socket.io")):
            return JSONResponse(
                {"success": False, "error": "not found", "code": "NOT_FOUND", "details": {}}, status_code=404
            )
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
