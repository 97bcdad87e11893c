"""Python's GraphQL clients against survgraph: graphql-core 3.3 introspects
with every option and builds a client schema, and gql fetches the schema from
the server, runs a query, and refuses an invalid one without sending it.

Run by clients/tests/python.test.mjs with SURVGRAPH_URL set, in the project's
virtualenv (make deps).
"""

import inspect
import os
import pathlib
import unittest

import requests
from gql import Client, gql
from gql.transport.requests import RequestsHTTPTransport
from gql.utilities import get_introspection_query_ast
from graphql import GraphQLError, build_client_schema, get_introspection_query, print_ast

URL = os.environ["SURVGRAPH_URL"].rstrip("/") + "/graphql"
KEPT = pathlib.Path(__file__).resolve().parents[2] / "api" / "testdata" / "introspection"


def post(query):
    r = requests.post(
        URL,
        json={"query": query},
        headers={"Accept": "application/graphql-response+json, application/json"},
        timeout=30,
    )
    return r.status_code, r.json()


class GraphQLCoreTest(unittest.TestCase):
    # Every boolean option of get_introspection_query but the experimental
    # ones (experimental_directive_deprecation).
    OPTIONS = [
        name
        for name, p in inspect.signature(get_introspection_query).parameters.items()
        if isinstance(p.default, bool) and not name.startswith("experimental")
    ]

    def test_options_known(self):
        self.assertEqual(
            sorted(self.OPTIONS),
            sorted(["descriptions", "specified_by_url", "directive_is_repeatable",
                    "schema_description", "input_value_deprecation", "one_of"]),
            "graphql-core's options changed: test the new ones",
        )

    def test_kept_queries_are_current(self):
        every = {o: True for o in self.OPTIONS}
        for name, text in [
            ("graphql-core-3.3-all", get_introspection_query(**every)),
            ("graphql-core-3.3-defaults", get_introspection_query()),
            ("gql-4.4-defaults", print_ast(get_introspection_query_ast())),
        ]:
            with self.subTest(name):
                self.assertEqual((KEPT / f"{name}.graphql").read_text(), text,
                                 f"api/testdata/introspection/{name}.graphql is stale")

    def test_introspection_with_every_option(self):
        none = {o: False for o in self.OPTIONS}
        variants = {"defaults": {}, "all": {o: True for o in self.OPTIONS}, "none": none}
        for o in self.OPTIONS:
            variants["only " + o] = dict(none, **{o: True})
        for name, options in variants.items():
            with self.subTest(name):
                status, body = post(get_introspection_query(**options))
                self.assertEqual(status, 200, body.get("errors"))
                self.assertNotIn("errors", body)
                schema = build_client_schema(body["data"])
                fields = schema.query_type.fields
                for f in ["entity", "search", "neighborhood", "paths", "suppliers", "stats"]:
                    self.assertIn(f, fields)
                direction = schema.get_type("Company").fields["relationships"].args["direction"]
                # graphql-core 3.3 keeps the literal as it came (default.literal).
                self.assertEqual(print_ast(direction.default.literal), "BOTH")
                if options.get("schema_description") and options.get("descriptions", True):
                    self.assertIn("surveillance-technology trade", schema.description)


class CountingTransport(RequestsHTTPTransport):
    """Counts the requests gql sends."""

    sent = 0

    def execute(self, *args, **kwargs):
        type(self).sent += 1
        return super().execute(*args, **kwargs)


class GqlTest(unittest.TestCase):
    def test_fetch_schema_query_and_refuse_locally(self):
        transport = CountingTransport(url=URL, timeout=30, retries=0)
        client = Client(transport=transport, fetch_schema_from_transport=True)
        with client as session:
            result = session.execute(gql('{ entity(id: "qosmos") { id name kind } }'))
            self.assertEqual(result["entity"], {"id": "qosmos", "name": "Qosmos", "kind": "COMPANY"})
            self.assertIsNotNone(client.schema)
            self.assertIn("neighborhood", client.schema.query_type.fields)
            sent = CountingTransport.sent
            self.assertEqual(sent, 2, "one introspection, one query")
            with self.assertRaises(GraphQLError) as caught:
                session.execute(gql('{ entity(id: "qosmos") { nosuchfield } }'))
            self.assertIn("nosuchfield", str(caught.exception))
            self.assertEqual(CountingTransport.sent, sent, "the invalid query reached the server")


if __name__ == "__main__":
    unittest.main()
