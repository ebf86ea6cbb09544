"""Typed XPath results: lxml returns elements, strings and numbers from one call."""

from __future__ import annotations

from typing import TypeVar

from lxml import etree

T = TypeVar("T", bound=etree._Element)


def elements(node: etree._Element, xpath: str, kind: type[T]) -> list[T]:
    """Only the results of an XPath that are elements of this kind, in document order."""
    found = node.xpath(xpath)
    return [item for item in found if isinstance(item, kind)] if isinstance(found, list) else []
