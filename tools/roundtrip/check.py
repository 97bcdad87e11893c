#!/usr/bin/env python3
"""Read a survgraph export back with independent readers and check the counts.

    python3 tools/roundtrip/check.py EXPORT_DIR EXPECTED_NODES EXPECTED_EDGES [--base survgraph]

EXPORT_DIR holds one export in every format, under the names the export
package gives them (base "survgraph" unless --base says otherwise):

    survgraph.graphml    read with networkx.read_graphml (a MultiDiGraph, so
                         parallel edges are not merged)
    survgraph.gexf       read with networkx.read_gexf (kept as a MultiDiGraph)
    survgraph-csv.zip    nodes.csv and edges.csv read with zipfile and csv
    survgraph.cyjs       Cytoscape.js JSON read with json
    survgraph.ftm.json   FollowTheMoney JSON lines read with json: an edge is
                         an entity of one of FtM's edge schemata (Ownership,
                         UnknownLink...), a node is any other entity

For every format it checks that the node and edge counts equal the expected
ones, and, where the reader does not already, that ids are unique and every
edge joins two nodes of the file. It prints one line per format and exits 1
if any format fails, 2 on a usage error. Requires networkx
(tools/roundtrip/requirements.txt).
"""

import argparse
import csv
import io
import json
import os
import sys
import zipfile

# FtM's edge schemata (followthemoney's model: the schemata with an "edge"
# annotation), each with its source and target properties.
FTM_EDGES = {
    "Associate": ("person", "associate"),
    "ContractAward": ("contract", "supplier"),
    "Control": ("controller", "controlled"),
    "CourtCaseParty": ("party", "case"),
    "Debt": ("debtor", "creditor"),
    "Directorship": ("director", "organization"),
    "Documentation": ("document", "entity"),
    "Employment": ("employee", "employer"),
    "Family": ("person", "relative"),
    "Membership": ("member", "organization"),
    "Occupancy": ("holder", "post"),
    "Ownership": ("owner", "asset"),
    "Payment": ("payer", "beneficiary"),
    "ProjectParticipant": ("participant", "project"),
    "Representation": ("agent", "client"),
    "Succession": ("predecessor", "successor"),
    "UnknownLink": ("subject", "object"),
}


class CheckError(Exception):
    """A format failed its check; the message says why."""


def unique(ids, what):
    seen = set()
    for i in ids:
        if not isinstance(i, str) or not i:
            raise CheckError(f"{what} with an empty or non-text id: {i!r}")
        if i in seen:
            raise CheckError(f"two {what}s have the id {i!r}")
        seen.add(i)
    return seen


def joined(edges, node_ids, what):
    """edges: (id, source, target) tuples."""
    for eid, src, dst in edges:
        for end in (src, dst):
            if end not in node_ids:
                raise CheckError(f"{what} {eid!r} joins {end!r}, which is not a node of the file")


def check_graphml(path):
    import networkx as nx

    g = nx.read_graphml(path, force_multigraph=True)
    if not g.is_directed():
        raise CheckError("the graph is not directed")
    return g.number_of_nodes(), g.number_of_edges()


def check_gexf(path):
    import networkx as nx

    g = nx.read_gexf(path)
    if not g.is_directed():
        raise CheckError("the graph is not directed")
    # read_gexf returns a MultiDiGraph when it finds parallel edges and a
    # DiGraph otherwise; either way none is merged. Keep it multi to be sure.
    g = nx.MultiDiGraph(g)
    return g.number_of_nodes(), g.number_of_edges()


def read_csv(z, name):
    try:
        data = z.read(name)
    except KeyError:
        raise CheckError(f"the zip has no {name}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise CheckError(f"{name} is not UTF-8: {e}")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    return rows


def check_csv(path):
    with zipfile.ZipFile(path) as z:
        nodes = read_csv(z, "nodes.csv")
        edges = read_csv(z, "edges.csv")
    for rows, name, cols in ((nodes, "nodes.csv", ("id",)), (edges, "edges.csv", ("id", "source", "target"))):
        for i, row in enumerate(rows, start=2):
            if None in row or any(v is None for v in row.values()):
                raise CheckError(f"{name} line {i} does not have as many cells as the header")
            for c in cols:
                if c not in row:
                    raise CheckError(f"{name} has no {c} column")
    node_ids = unique([r["id"] for r in nodes], "node")
    unique([r["id"] for r in edges], "edge")
    joined([(r["id"], r["source"], r["target"]) for r in edges], node_ids, "edge")
    return len(nodes), len(edges)


def check_cytoscape(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    try:
        nodes = doc["elements"]["nodes"]
        edges = doc["elements"]["edges"]
    except (KeyError, TypeError):
        raise CheckError('no "elements" with "nodes" and "edges"')
    if not isinstance(nodes, list) or not isinstance(edges, list):
        raise CheckError("nodes and edges must be lists")
    try:
        node_ids = unique([n["data"]["id"] for n in nodes], "node")
        edge_list = [(e["data"]["id"], e["data"]["source"], e["data"]["target"]) for e in edges]
    except (KeyError, TypeError) as e:
        raise CheckError(f"an element lacks data.id, data.source or data.target ({e})")
    edge_ids = unique([e[0] for e in edge_list], "edge")
    if node_ids & edge_ids:
        raise CheckError(f"ids shared by a node and an edge: {sorted(node_ids & edge_ids)[:5]}")
    joined(edge_list, node_ids, "edge")
    return len(nodes), len(edges)


def check_ftm(path):
    nodes, edges = [], []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                e = json.loads(line)
            except json.JSONDecodeError as err:
                raise CheckError(f"line {n} is not JSON: {err}")
            if not isinstance(e, dict) or not isinstance(e.get("id"), str) or not isinstance(e.get("schema"), str):
                raise CheckError(f"line {n} is not an entity with an id and a schema")
            props = e.get("properties")
            if not isinstance(props, dict):
                raise CheckError(f"line {n} ({e['id']}) has no properties object")
            for k, vals in props.items():
                if not isinstance(vals, list) or not all(isinstance(v, str) for v in vals):
                    raise CheckError(f"{e['id']}.{k} is not a list of strings, as FtM requires")
            if e["schema"] == "Address":
                continue  # a company's headquarters, named by its addressEntity: part of the node
            (edges if e["schema"] in FTM_EDGES else nodes).append(e)
    unique([e["id"] for e in nodes + edges], "entity")
    node_ids = {e["id"] for e in nodes}
    ends = []
    for e in edges:
        src, dst = FTM_EDGES[e["schema"]]
        s, d = e["properties"].get(src, []), e["properties"].get(dst, [])
        if len(s) != 1 or len(d) != 1:
            raise CheckError(f"{e['schema']} {e['id']!r} must have one {src} and one {dst}, has {s} and {d}")
        ends.append((e["id"], s[0], d[0]))
    joined(ends, node_ids, "edge entity")
    return len(nodes), len(edges)


CHECKS = [
    ("GraphML", "{}.graphml", check_graphml),
    ("GEXF", "{}.gexf", check_gexf),
    ("CSV", "{}-csv.zip", check_csv),
    ("Cytoscape", "{}.cyjs", check_cytoscape),
    ("FtM", "{}.ftm.json", check_ftm),
]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("export_dir")
    ap.add_argument("expected_nodes", type=int)
    ap.add_argument("expected_edges", type=int)
    ap.add_argument("--base", default="survgraph", help="the base of the file names (default survgraph)")
    args = ap.parse_args(argv)
    if not os.path.isdir(args.export_dir):
        print(f"{args.export_dir}: not a folder", file=sys.stderr)
        return 2

    failed = 0
    for name, pattern, check in CHECKS:
        path = os.path.join(args.export_dir, pattern.format(args.base))
        try:
            if not os.path.isfile(path):
                raise CheckError(f"{path} is missing")
            nodes, edges = check(path)
            if (nodes, edges) != (args.expected_nodes, args.expected_edges):
                raise CheckError(
                    f"read {nodes} nodes and {edges} edges from {path}, "
                    f"expected {args.expected_nodes} nodes and {args.expected_edges} edges"
                )
        except CheckError as e:
            failed += 1
            print(f"FAIL {name}: {e}")
        except Exception as e:  # a reader's own error: the file does not parse
            failed += 1
            print(f"FAIL {name}: {path} could not be read: {type(e).__name__}: {e}")
        else:
            print(f"ok   {name}: {nodes} nodes, {edges} edges ({os.path.basename(path)})")
    if failed:
        print(f"{failed} of {len(CHECKS)} formats failed")
        return 1
    print(f"all {len(CHECKS)} formats hold {args.expected_nodes} nodes and {args.expected_edges} edges")
    return 0


if __name__ == "__main__":
    sys.exit(main())
