#!/usr/bin/env python3
"""Median latency of the founding question over HTTP: paths Qosmos -> Syria.

    scripts/paths-latency.py [URL] [N]

URL defaults to http://127.0.0.1:8080/graphql; N requests (default 60) are sent one
after another, the first 10 discarded as warm-up.
"""
import json, statistics, sys, time, urllib.request

url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080/graphql"
n = int(sys.argv[2]) if len(sys.argv) > 2 else 60
query = {"query": '{ paths(from: "qosmos", to: "syria-government") { length relationships '
                  '{ type status citations { stance quote source { title publisher publishedAt } } } } }'}
body = json.dumps(query).encode()
lat = []
for _ in range(n):
    t = time.perf_counter()
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    data = json.load(urllib.request.urlopen(req))
    lat.append((time.perf_counter() - t) * 1000)
    if "errors" in data:
        sys.exit("error: %s" % data["errors"])
lat = sorted(lat[10:])
print("paths qosmos -> syria-government: %d requests, median %.1f ms, p90 %.1f ms, min %.1f ms, max %.1f ms, %d paths"
      % (len(lat), statistics.median(lat), lat[int(len(lat) * 0.9)], lat[0], lat[-1], len(data["data"]["paths"])))
