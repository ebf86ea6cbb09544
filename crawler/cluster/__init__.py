"""Several defnews workers, on one machine or many, sharing one crawl through Redis.

crawler.core.cluster.frontier: the shared queue, in-flight leases, duplicate filter and politeness
clock (pure, no Scrapy). crawler.cluster.scheduler: the Scrapy scheduler over it.
crawler.handlers.polite: the shared per-host delay. Turned on by CLUSTER_REDIS_URL
(`defnews crawl --redis URL`); see README "Running a cluster".
"""
