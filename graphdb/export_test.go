package graphdb

// SetDeleteBatch lets tests delete in small batches; it returns a function
// that restores the batch size.
func SetDeleteBatch(n int) (restore func()) {
	old := deleteBatch
	deleteBatch = n
	return func() { deleteBatch = old }
}
