"""The classification: which file — or which pages of a file — serve which material, and how
each file was recognised (for DV103's and DV106's explanations)."""

from __future__ import annotations

from dataclasses import dataclass, field

Pages = tuple[int, int]  # first, last (1-based, inclusive) in the file's text units


@dataclass(frozen=True)
class Assignment:
    file: str
    material: str
    via: str  # "name" | "folder" | "title" | "heading"
    keyword: str
    pages: Pages | None = None  # the file's section that is this material; None: all of it


@dataclass(frozen=True)
class Section:
    """A run of pages that one heading opens (a material, or None for a cover or contents)."""

    pages: Pages
    material: str | None
    heading: str  # the heading as read
    term: str = ""  # the term it matched


@dataclass
class Recognition:
    """What each kind of evidence said about one file."""

    file: str
    name: list[str] = field(default_factory=list)  # materials its name names
    name_terms: dict[str, str] = field(default_factory=dict)
    folder: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)  # materials its first-page title names
    title_line: str = ""  # the title as read
    meaningless: bool = False  # Scan_0007, 微信图片_…: the name says nothing
    collection: bool = False  # the name is a collection's (制度汇编), not its materials'
    hints: list[str] = field(default_factory=list)  # what an ambiguous name could be
    hint_terms: dict[str, str] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)  # found on its pages
    conflict: tuple[str, str] | None = None  # (material the name says, material the content is)
    # how the content was read: "text" (text layer, Word), "ocr" (page tops OCR'd), "no-ocr"
    # (a scan, OCR off), "ocr-failed", "unread" (a scan whose name was trusted), "none"
    content: str = "none"
    first_heads: list[str] = field(default_factory=list)  # the headings read on its first page


@dataclass
class Classification:
    assignments: dict[str, list[Assignment]] = field(default_factory=dict)  # material id → files
    unassigned: list[str] = field(default_factory=list)
    recognition: dict[str, Recognition] = field(default_factory=dict)  # path → evidence

    def files_of(self, material_id: str) -> list[str]:
        """The files that hold the material (or a section of it), each once."""
        out: list[str] = []
        for a in self.assignments.get(material_id, []):
            if a.file not in out:
                out.append(a.file)
        return out

    def pages_of(self, material_id: str) -> list[tuple[str, Pages | None]]:
        """(file, section pages or None for the whole file) for each piece of the material."""
        return [(a.file, a.pages) for a in self.assignments.get(material_id, [])]

    def material_of(self, path: str, page: int | None = None) -> str | None:
        """The material a file — or, for a combined file, the page — belongs to."""
        whole = None
        for mid, items in self.assignments.items():
            for a in items:
                if a.file != path:
                    continue
                if a.pages is None:
                    whole = whole or mid
                elif page is None or a.pages[0] <= page <= a.pages[1]:
                    return mid
        return whole

