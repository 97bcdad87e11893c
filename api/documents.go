package api

import (
	"sync"

	"github.com/graphql-go/graphql/language/ast"
)

// maxDocuments bounds the documents cache. Clients such as the explorer and
// scripts send the same few query texts with different variables; a client
// sending ever new texts only empties the cache now and then.
const maxDocuments = 512

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
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.docs == nil || len(d.docs) >= maxDocuments {
		d.docs = make(map[string]*ast.Document, maxDocuments)
	}
	d.docs[query] = doc
}
