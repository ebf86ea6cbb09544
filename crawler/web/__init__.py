"""The web view (`defnews serve`): Datasette over the catalogue, a page per article with the
clean text beside pywb's replay of the capture it came from. Imports no Scrapy."""
