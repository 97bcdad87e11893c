module github.com/survgraph/survgraph

go 1.26.8

require (
	github.com/graphql-go/graphql v0.8.1
	github.com/neo4j/neo4j-go-driver/v5 v5.28.4
	golang.org/x/text v0.44.0
)

require go.yaml.in/yaml/v3 v3.0.6
