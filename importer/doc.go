// Package importer brings data that people hold into the graph, with the
// seed's guarantees: FollowTheMoney JSON lines (OpenSanctions, Aleph) and
// spreadsheets through a declarative mapping (package tablemap).
//
// An import reads its files in passes and never holds them: a first pass
// learns every id and resolves every entity against what the graph already
// holds (Known: by FtM id, the alias table, then normalised name and
// country, as package datasets resolves); a second builds every record and
// validates it, naming file, line and field, before anything is written
// (Check); two more write the entities and then the relationships through
// loader.LoadStream (Load). Memory holds the ids (to find dangling
// references) and what resolution decided, and little else.
//
// Every record cites the input's Source; an entity another input owns is
// referred to, never redefined; a load of the same files changes nothing,
// and records gone from the files are deleted, within the input only. The
// Report lists every merge and every record left out with its reason.
package importer
