"""The front end's message dictionaries, read from its source, and a check for untranslated text."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from playwright.async_api import Page

SOURCE = Path(__file__).resolve().parents[2] / "frontend" / "src"
ENTRY = re.compile(r'^\s*"([\w.-]+)":\s*("(?:[^"\\]|\\.)*"),?\s*$')
# A long entry wrapped by the formatter: the key on one line, its text on the next.
KEY_ALONE = re.compile(r'^\s*"([\w.-]+)":\s*$')
TEXT_ALONE = re.compile(r'^\s*("(?:[^"\\]|\\.)*"),?\s*$')
WORD = re.compile(r"[^\W\d_]{2}")
# Locale → (file, table) of each table: the app's dictionary, and a page's own tables.
TABLES = {
    "en": [("messages/en.ts", "en"), ("pages/dashboard/strings.ts", "dashboardEn")],
    "tr": [("messages/tr.ts", "tr"), ("pages/dashboard/strings.ts", "dashboardTr")],
}


def _table(path: Path, name: str) -> dict[str, str]:
    start = re.compile(rf"^(export )?const {name}\b[^=]*= \{{")
    entries: dict[str, str] = {}
    inside = False
    waiting: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if start.match(line):
            inside = True
        elif not inside:
            continue
        elif line.startswith("}"):
            break
        elif waiting and (text := TEXT_ALONE.match(line)):
            entries[waiting] = json.loads(text.group(1))
            waiting = None
        elif match := ENTRY.match(line):
            entries[match.group(1)] = json.loads(match.group(2))
        elif key := KEY_ALONE.match(line):
            waiting = key.group(1)
    return entries


@cache
def dictionary(locale: str) -> dict[str, str]:
    """Key → text of every `locale` table the front end has (messages/ and any page's own)."""
    entries: dict[str, str] = {}
    for file, name in TABLES[locale]:
        entries.update(_table(SOURCE / file, name))
    assert len(entries) > 100, f"could not read the {locale} messages under {SOURCE}"
    return entries


def telltale_texts(locale: str) -> list[str]:
    """Texts that give `locale` away: those that differ from the other language's text for the same key."""
    other = "tr" if locale == "en" else "en"
    mine, theirs = dictionary(locale), dictionary(other)
    return sorted({text for key, text in mine.items() if text != theirs[key] and WORD.search(text)})


# Walks every text node, and the labels people or screen readers get (aria-label, title, placeholder), of
# everything rendered, and returns those equal to one of `texts` ({name} placeholders match anything).
# A text node made of " · "-separated parts (the live feed) is checked part by part.
_FIND_TEXTS = """
(texts) => {
  const escape = (s) => s.replace(/[.*+?^${}()|[\\]\\\\]/g, "\\\\$&");
  const patterns = texts.map((text) => new RegExp(
    "^" + text.split(/\\{\\w+\\}/).map(escape).join(".+") + "$", "s"));
  const matches = (value) => {
    const parts = [value, ...value.split(" · ")].map((part) => part.trim()).filter(Boolean);
    return parts.some((part) => patterns.some((pattern) => pattern.test(part)));
  };
  const shown = (element) => {
    for (let node = element; node; node = node.parentElement) {
      // SVG <title> and closed <option>s are not rendered boxes, but people see them (tooltips, lists).
      if (node.tagName === "title" || node.tagName === "OPTION") continue;
      if (node.checkVisibility && !node.checkVisibility({ visibilityProperty: true })) return false;
      return true;
    }
    return true;
  };
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    const parent = walker.currentNode.parentElement;
    if (text && parent && shown(parent) && matches(text)) found.push(text);
  }
  for (const element of document.body.querySelectorAll("[aria-label], [title], [placeholder]")) {
    if (!shown(element)) continue;
    for (const name of ["aria-label", "title", "placeholder"]) {
      const value = element.getAttribute(name);
      if (value && matches(value.trim())) found.push(`${name}=${value}`);
    }
  }
  return found;
}
"""


async def texts_in(page: Page, locale: str) -> list[str]:
    """Every text on the page that is one of `locale`'s telltale dictionary texts."""
    found: list[str] = await page.evaluate(_FIND_TEXTS, telltale_texts(locale))
    return found
