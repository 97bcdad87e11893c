package api

import (
	"sync"

	"github.com/graphql-go/graphql/language/ast"
)

// maxDocuments bounds the documents cache. Clients such as the explorer and
// scripts send the same few query texts with different variables; a client
// sending ever new texts only empties the cache now and then.
const maxDocuments = 512

// maxDocumentBytes bounds the query text of a kept document, so that the
// cache holds at most maxDocuments small documents, never 512 bodies of
// 1 MiB; a longer query is parsed on every request.
const maxDocumentBytes = 16 << 10

// documents keeps the documents that parsed and validated, by query text,
// so that a query asked again skips graphql-go's parser and validator. What
// depends on the variables (the cost) or the method (mutations) is checked
// on every request. graphql-go's executor only reads a document, so one
// document serves concurrent requests.
type documents struct {
	mu   sync.Mutex
	docs map[string]*ast.Document
}

func (d *documents) get(query string) *ast.Document {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.docs[query]
}

func (d *documents) put(query string, doc *ast.Document) {
	if len(query) > maxDocumentBytes {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.docs == nil || len(d.docs) >= maxDocuments {
		d.docs = make(map[string]*ast.Document, maxDocuments)
	}
	d.docs[query] = doc
}
