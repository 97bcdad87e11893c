// Boots the vendored GraphiQL UI. Loaded by /graphiql (index.html) after
// react.production.min.js, react-dom.production.min.js and graphiql.min.js,
// which define the globals React, ReactDOM and GraphiQL.
// Kept in its own file so the page needs no inline script (CSP script-src 'self').
(function () {
  'use strict';

  var ENDPOINT = '/graphql';

  var DEFAULT_QUERY =
    '# survgraph: who sold surveillance systems to whom, with the evidence.\n' +
    '{\n' +
    '  search(query: "qosmos") { id kind name }\n' +
    '}\n';

  function fetcher(graphQLParams, opts) {
    var headers = {
      'Content-Type': 'application/json',
      Accept: 'application/graphql-response+json, application/json'
    };
    // Headers typed into GraphiQL's "Headers" editor, if any.
    var extra = (opts && opts.headers) || {};
    Object.keys(extra).forEach(function (k) {
      headers[k] = extra[k];
    });

    return fetch(ENDPOINT, {
      method: 'POST',
      credentials: 'same-origin',
      headers: headers,
      body: JSON.stringify({
        query: graphQLParams.query,
        variables: graphQLParams.variables,
        operationName: graphQLParams.operationName
      })
    }).then(function (response) {
      // application/graphql-response+json may carry a JSON body on 4xx/5xx too,
      // so parse the body whatever the status and only fall back to text.
      return response.text().then(function (text) {
        try {
          return JSON.parse(text);
        } catch (e) {
          return {
            errors: [
              {
                message:
                  'HTTP ' + response.status + ' ' + response.statusText +
                  ' (response is not JSON): ' + text.slice(0, 500)
              }
            ]
          };
        }
      });
    });
  }

  var container = document.getElementById('graphiql');
  var root = ReactDOM.createRoot(container);
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: DEFAULT_QUERY,
      defaultEditorToolsVisibility: false
    })
  );
})();
