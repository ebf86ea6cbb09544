"""One module per outlet, each registering its profile (crawler.core.sites.registry).

The module builds the outlet's parser versions (crawler.core.sites.selectors.SelectorParser
subclasses) and calls register(Site(key=..., ...)): the key is written there and nowhere
else. Its fixtures live in crawler/core/sites/fixtures/<key>/. docs/adding-an-outlet.md has
the steps.
"""
