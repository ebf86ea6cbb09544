"""Scrapy components that tests load into a crawl with --set (run from the repository root)."""
