package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/survgraph/survgraph/datasets"
	"github.com/survgraph/survgraph/ftm"
	"github.com/survgraph/survgraph/loader"
	"github.com/survgraph/survgraph/schema"
)

// FtMOptions describe an import of FtM JSON lines.
type FtMOptions struct {
	Input string   // the input's name
	Files []string // the files, read in this order
	// Source describes the files: every record cites it. Its id is made
	// from its publisher, date and title when empty.
	Source schema.Entity
	// Official marks the files as an official list or registry: their
	// claims are CONFIRMED, and rest on DOCUMENT.
	Official bool
	Now      time.Time
	Progress io.Writer // where progress lines go on long files; may be nil
}

// target is what an FtM id became: the entity it names, and whether this
// import defines it (created) or the graph already holds it.
type target struct {
	id         string
	kind       schema.Kind
	actionType string
	created    bool
	// why says why the record became no entity ("" when it did): its schema
	// is not imported, or it has no usable name.
	why string
	// schema is the record's FtM schema, for messages.
	schema string
}

// authority is a Sanction's authority that this import creates.
type authority struct {
	id, name, country string
	kind              schema.Kind
}

// address is an FtM Address entity, as far as it gives a city and country.
type address struct{ city, country string }

// FtMImport is an FtM import that has read its files once: it knows every
// id they hold and what each becomes. Check validates it; Load writes it.
type FtMImport struct {
	opt    FtMOptions
	known  *Known
	source schema.Entity // the files' Source; ID always set
	// ownSource says whether this import defines that Source (the graph may
	// hold the document already).
	ownSource bool
	status    schema.ClaimStatus
	basis     schema.Basis
	targets   map[string]target
	addresses map[string]address
	// authorities maps a Sanction's authority to its entity; urls a cited
	// address to its Source (known, or created by this import: urlCreated).
	authorities     map[string]authority
	authorityByName map[string]string
	actions         map[string]string      // legal action id -> its type
	kinds           map[string]schema.Kind // entity id -> kind, of what this import creates
	urls            map[string]string
	urlCreated      map[string]bool
	docs            map[string]string // URL key of an imported document -> its id
	report          *Report
	checked         *checker
}

// NewFtM reads the files once: every id, what each entity resolves to
// (by FtM id, the alias table, then name and country), every Address and
// every document. It fails on a file that is not FtM JSON lines, or on an
// id given twice, naming the line; nothing is written.
func NewFtM(ctx context.Context, known *Known, opt FtMOptions) (*FtMImport, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	im := &FtMImport{opt: opt, known: known, targets: map[string]target{}, addresses: map[string]address{},
		authorities: map[string]authority{}, authorityByName: map[string]string{}, actions: map[string]string{}, kinds: map[string]schema.Kind{}, urls: map[string]string{},
		urlCreated: map[string]bool{}, docs: map[string]string{}, report: newReport(opt.Input, opt.Files)}
	if err := im.setSource(); err != nil {
		return nil, err
	}
	var ps []loader.Problem
	seen := map[string]At{}
	prog := newReadProgress(opt.Progress, true)
	err := im.read(ctx, func(at At, e ftm.Entity) error {
		prog.row()
		im.report.Read++
		if first, dup := seen[e.ID]; dup {
			ps = append(ps, loader.Problem{File: at.File, Line: at.Line, Field: "id", Message: fmt.Sprintf("the id %q is given twice (first at %s); give each entity one line, as ftm aggregate writes them", e.ID, first)})
			return nil
		}
		seen[e.ID] = at
		im.scan(at, e)
		return nil
	}, func(p loader.Problem) { ps = append(ps, p) })
	if err != nil {
		return nil, err
	}
	prog.done()
	if len(ps) > 0 {
		return nil, &loader.ValidationError{Problems: ps}
	}
	return im, nil
}

// read calls fn for every entity of every file. A line that is not an FtM
// entity goes to bad; reading goes on, so that every such line is named.
func (im *FtMImport) read(ctx context.Context, fn func(At, ftm.Entity) error, bad func(loader.Problem)) error {
	for _, path := range im.opt.Files {
		if err := readFile(ctx, path, fn, bad); err != nil {
			return err
		}
	}
	return nil
}

func readFile(ctx context.Context, path string, fn func(At, ftm.Entity) error, bad func(loader.Problem)) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	defer f.Close()
	r := ftm.NewReader(f)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		e, err := r.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			if bad == nil {
				return fmt.Errorf("%s: %w", path, err) // the file changed since it was checked
			}
			bad(loader.Problem{File: path, Line: r.Line(), Message: strings.TrimPrefix(err.Error(), fmt.Sprintf("line %d: ", r.Line()))})
			continue
		}
		if err := fn(At{File: path, Line: r.Line()}, e); err != nil {
			return err
		}
	}
}

// setSource completes the files' Source: its id, its type, and whether the
// graph already holds the document. Publisher, title, date and licence are
// required.
func (im *FtMImport) setSource() error {
	src := im.opt.Source
	src.Kind = schema.Source
	if src.Props == nil {
		src.Props = map[string]any{}
	}
	if _, ok := src.Props["sourceType"]; !ok {
		src.Props["sourceType"] = "DATASET"
	}
	var missing []string
	for _, f := range []struct{ field, flag string }{{"publisher", "publisher"}, {"name", "title"}, {"publishedAt", "date"}, {"licence", "licence"}} {
		if v, ok := src.Props[f.field]; !ok || v == "" {
			missing = append(missing, f.flag)
		}
	}
	if len(missing) > 0 {
		return schema.Errorf(schema.ErrInvalid, "the files' Source needs a publisher, a title, a date and a licence (missing: %s)", strings.Join(missing, ", "))
	}
	if src.ID == "" {
		d, _ := src.Props["publishedAt"].(schema.Date)
		src.ID = datasets.Slug(fmt.Sprintf("%s %s %s", src.Props["publisher"], d, src.Name()), schema.MaxIDLen)
	}
	u, _ := src.Props["url"].(string)
	d, _ := src.Props["publishedAt"].(schema.Date)
	if id, _, ok := im.known.KnownSource(u, src.Name(), d); ok {
		src.ID = id
		im.report.Notes = append(im.report.Notes, fmt.Sprintf("the files' Source is %s, which the graph already holds", id))
	} else {
		im.ownSource = true
	}
	im.source = src
	im.report.Sources = []string{src.ID}
	im.status, im.basis = schema.Reported, schema.DefaultBasis([]string{str(src.Props["sourceType"])})
	if im.opt.Official {
		im.status, im.basis = schema.Confirmed, schema.BasisDocument
	}
	return nil
}

func str(v any) string { s, _ := v.(string); return s }

// scan learns what one record is: an Address gives a city, an entity
// resolves to a known one or is created, a Sanction's authority resolves,
// an edge waits for the check. Records of other schemata are counted.
func (im *FtMImport) scan(at At, e ftm.Entity) {
	if e.Schema == "Address" {
		im.addresses[e.ID] = im.readAddress(e)
		return
	}
	if _, edge := ftm.EdgeSchemata[e.Schema]; edge {
		im.targets[e.ID] = target{schema: e.Schema, why: "a " + e.Schema + ", a relationship"}
		return
	}
	kind, why := ftm.KindOf(e, datasets.HasLegalForm)
	if kind == "" {
		if strings.HasPrefix(why, "the schema") {
			im.report.NotImported[e.Schema]++
		} else {
			im.report.skip(at.String(), why)
		}
		im.targets[e.ID] = target{schema: e.Schema, why: why}
		return
	}
	c, err := ftm.ToEntity(e, kind, im.opt.Now)
	if err != nil {
		im.report.skip(at.String(), err.Error())
		im.targets[e.ID] = target{schema: e.Schema, why: err.Error()}
		return
	}
	t := im.resolve(at, e, c)
	t.schema = e.Schema
	t.actionType = str(c.Props["actionType"])
	if t.created && t.actionType != "" {
		im.actions[t.id] = t.actionType
	}
	if t.created {
		im.kinds[t.id] = t.kind
	}
	im.targets[e.ID] = t
	if kind == schema.Source && t.created {
		if u := str(c.Props["url"]); u != "" {
			im.docs[datasets.SourceURLKey(u)] = t.id
		}
	}
	if e.Schema == "Sanction" {
		im.scanAuthority(at, e)
	}
}

// readAddress keeps an Address's city and country where they are valid.
func (im *FtMImport) readAddress(e ftm.Entity) address {
	var a address
	if city := strings.Join(strings.Fields(e.First("city")), " "); city != "" && schema.CheckLine(city, schema.MaxStringLen) == nil {
		a.city = city
	}
	if c := strings.ToUpper(e.First("country")); schema.CheckCountry(c) == nil {
		a.country = c
	}
	return a
}

// resolve finds the entity a record names: survgraph's own id, an FtM id
// another input imported, the alias table, then name and country. Failing
// those, the import creates it.
func (im *FtMImport) resolve(at At, e ftm.Entity, c ftm.Converted) target {
	name := str(c.Props["name"])
	record := fmt.Sprintf("%s %s (%s)", e.Schema, e.ID, name)
	merged := func(id, why string) target {
		kind, _ := im.known.Has(id)
		im.report.merge(at.String(), record, id, why)
		return target{id: id, kind: kind}
	}
	id := ftm.ImportID(e.ID)
	if _, ok := im.known.Has(id); ok && strings.HasPrefix(e.ID, ftm.Prefix) {
		return merged(id, "survgraph's own id")
	}
	if id, ok := im.known.ByFtMID(e.ID); ok {
		return merged(id, "imported before under this FtM id")
	}
	if c.Kind == schema.Source {
		u := str(c.Props["url"])
		d, _ := c.Props["publishedAt"].(schema.Date)
		if id, why, ok := im.known.KnownSource(u, name, d); ok {
			return merged(id, why)
		}
	} else if c.Kind != schema.LegalAction {
		kinds := []schema.Kind{c.Kind}
		switch c.Kind {
		case schema.Agency:
			kinds = append(kinds, schema.Government)
		case schema.Government:
			kinds = append(kinds, schema.Agency)
		case schema.Company:
			kinds = append(kinds, schema.Organization)
		case schema.Organization:
			kinds = append(kinds, schema.Company)
		}
		if id, why, ok := im.known.Resolve(kinds, name, str(c.Props["country"])); ok {
			return merged(id, why)
		}
	}
	if k, ok := im.known.Has(id); ok {
		// An id another input holds, and no rule above says it is the same
		// entity: it cannot be redefined.
		im.report.skip(at.String(), fmt.Sprintf("its id %s is that of a %s another input holds, which it does not resolve to", id, k))
		return target{why: "its id is another input's"}
	}
	return target{id: id, kind: c.Kind, created: true}
}

// scanAuthority resolves a Sanction's authority: the alias table, then a
// known Organization, Government or Agency of that name, a state's
// government, or an authority this import creates: an Agency of the
// sanction's country, or an Organization.
func (im *FtMImport) scanAuthority(at At, e ftm.Entity) {
	name := strings.Join(strings.Fields(e.First("authority")), " ")
	if name == "" || im.authorityByName[name] != "" {
		return
	}
	country := strings.ToUpper(e.First("country"))
	if schema.CheckCountry(country) != nil {
		country = ""
	}
	record := fmt.Sprintf("authority %q of Sanction %s", name, e.ID)
	kinds := []schema.Kind{schema.Organization, schema.Government, schema.Agency}
	if id, why, ok := im.known.Resolve(kinds, name, country); ok {
		im.report.merge(at.String(), record, id, why)
		im.authorityByName[name] = id
		return
	}
	if code, ok := datasets.CountryCode(name); ok {
		id := datasets.GovernmentID(code)
		if _, known := im.known.Has(id); known {
			im.report.merge(at.String(), record, id, "the government of "+datasets.CountryName(code))
			im.authorityByName[name] = id
			return
		}
		im.authorityByName[name] = id
		im.authorities[id] = authority{id: id, kind: schema.Government, name: datasets.GovernmentName(code), country: code}
		im.kinds[id] = schema.Government
		return
	}
	kind := schema.Organization
	if country != "" {
		kind = schema.Agency
	}
	id := "ftm-authority-" + datasets.Slug(name, 80)
	if country != "" {
		id += "-" + strings.ToLower(country)
	}
	if err := schema.CheckLine(name, schema.MaxStringLen); err != nil || schema.CheckID(id) != nil {
		im.report.skip(at.String(), fmt.Sprintf("the authority %q cannot name an entity", name))
		return
	}
	im.authorityByName[name] = id
	im.authorities[id] = authority{id: id, kind: kind, name: name, country: country}
	im.kinds[id] = kind
}

// cite is a citation of the files' Source for one record.
func (im *FtMImport) cite(ftmID string) schema.Citation {
	return schema.Citation{Source: im.source.ID, Locator: "FtM id " + ftmID, Stance: schema.Supports}
}

// citations are a record's: the files' Source, each supporting document the
// record's proof names, and the Source of each address in its sourceUrl.
// It returns the Sources of those addresses that this import creates.
func (im *FtMImport) citations(at At, ftmID string, proof, urls []string, check bool) ([]schema.Citation, []schema.Entity) {
	cites := []schema.Citation{im.cite(ftmID)}
	seen := map[string]bool{im.source.ID: true}
	addCite := func(id string) {
		if !seen[id] {
			seen[id] = true
			cites = append(cites, schema.Citation{Source: id, Stance: schema.Supports})
		}
	}
	for _, p := range proof {
		if t, ok := im.targets[p]; ok && t.id != "" && t.kind == schema.Source {
			addCite(t.id)
		}
	}
	var created []schema.Entity
	for _, u := range urls {
		id, src, ok := im.urlSource(u)
		if !ok {
			if check {
				im.report.drop(at.String(), fmt.Sprintf("sourceUrl: %q is no http(s) address", cutText(u, 80)))
			}
			continue
		}
		if src != nil {
			created = append(created, *src)
		}
		addCite(id)
	}
	return cites, created
}

// urlSource is the Source of a cited address: a document of the files, a
// Source the graph holds (one document, one Source), or one this import
// creates, dated as the files are (the latest the document can be from).
func (im *FtMImport) urlSource(raw string) (string, *schema.Entity, bool) {
	raw = strings.TrimSpace(raw)
	if schema.CheckURL(raw) != nil {
		return "", nil, false
	}
	key := datasets.SourceURLKey(raw)
	if id, ok := im.docs[key]; ok {
		return id, nil, true
	}
	if id, ok := im.urls[key]; ok {
		if im.urlCreated[id] {
			return id, im.urlEntity(id, raw), true
		}
		return id, nil, true
	}
	if id, _, ok := im.known.KnownSource(raw, "", schema.Date{}); ok {
		im.urls[key] = id
		return id, nil, true
	}
	id := "ftm-source-" + shortHash(key)
	im.urls[key] = id
	im.urlCreated[id] = true
	return id, im.urlEntity(id, raw), true
}

func (im *FtMImport) urlEntity(id, raw string) *schema.Entity {
	u, _ := url.Parse(raw)
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	return &schema.Entity{ID: id, Kind: schema.Source, Props: map[string]any{
		"name":        cutText(raw, schema.MaxStringLen),
		"sourceType":  "OTHER",
		"publisher":   cutText(host, schema.MaxStringLen),
		"publishedAt": im.source.Props["publishedAt"],
		"url":         raw,
		"description": fmt.Sprintf("A document that %s (%s) cites by its address only; its title and date are not in the file, so its date is the file's, the latest it can be.",
			im.source.Name(), im.source.Props["publisher"]),
	}}
}

// Check builds every record as the load will and validates it, with the
// dangling references and the records left out; nothing is written. It
// returns the report, and a *loader.ValidationError when a record is
// invalid.
func (im *FtMImport) Check(ctx context.Context) (*Report, error) {
	im.checked = newChecker(im.opt.Now, im.report)
	prog := newReadProgress(im.opt.Progress, true)
	err := im.pass(ctx, true, func(at At, e schema.Entity) error {
		prog.row()
		im.checked.entity(at, e)
		return nil
	}, func(at At, r schema.Relationship) error {
		prog.row()
		from, to := im.endEntity(r.From), im.endEntity(r.To)
		im.checked.relationship(at, r, from, to)
		return nil
	})
	if err != nil {
		return im.report, err
	}
	prog.done()
	return im.report, im.checked.err()
}

// endEntity is what the checks need of a relationship's end: its kind and,
// for a legal action, its type.
func (im *FtMImport) endEntity(id string) schema.Entity {
	e := schema.Entity{ID: id, Props: map[string]any{}}
	if k, ok := im.kinds[id]; ok {
		e.Kind = k
	} else {
		e.Kind, _ = im.known.Has(id)
	}
	e.Props["actionType"] = im.actionTypes(id)
	return e
}

func (im *FtMImport) actionTypes(id string) string {
	if at, ok := im.actions[id]; ok {
		return at
	}
	return im.known.ActionType(id)
}

// Load writes the checked import into store as its input.
func (im *FtMImport) Load(ctx context.Context, store loader.Store, opt loader.Options) (*Report, error) {
	if im.checked == nil || im.checked.err() != nil {
		return nil, errors.New("load an import only once it has been checked and found valid")
	}
	if opt.Progress == nil {
		opt.Progress = im.opt.Progress
	}
	rep, err := loader.LoadStream(ctx, store, im.opt.Input, stream{func(ctx context.Context, e func(At, schema.Entity) error, r func(At, schema.Relationship) error) error {
		return im.pass(ctx, false, e, r)
	}}, im.checked.info(), opt)
	if err != nil {
		return im.report, err
	}
	im.report.Load = rep
	return im.report, nil
}

// pass builds every record of the files, in order: the files' Source, then
// for each line its entity, the Sources of the addresses it cites, and its
// relationships. With check set it reports what it leaves out.
func (im *FtMImport) pass(ctx context.Context, check bool, entity func(At, schema.Entity) error, rel func(At, schema.Relationship) error) error {
	emit := onceEach(map[string]bool{}, entity)
	if im.ownSource {
		if err := emit(At{File: "flags", Part: "source"}, im.source); err != nil {
			return err
		}
	}
	return im.read(ctx, func(at At, e ftm.Entity) error {
		if _, edge := ftm.EdgeSchemata[e.Schema]; edge {
			if rel == nil && entity == nil {
				return nil
			}
			return im.edge(at, e, check, emit, rel)
		}
		t := im.targets[e.ID]
		if t.id == "" {
			return nil
		}
		if e.Schema == "Sanction" {
			return im.sanction(at, e, t, check, emit, rel)
		}
		if !t.created || entity == nil {
			return nil
		}
		ent, extra := im.entity(at, e, t, check)
		if err := emit(at, ent); err != nil {
			return err
		}
		for _, s := range extra {
			if err := emit(at, s); err != nil {
				return err
			}
		}
		return nil
	}, nil)
}

// entity builds a created entity: its fields, its headquarters from its
// Address where it gives none, its FtM id, and its citations.
func (im *FtMImport) entity(at At, e ftm.Entity, t target, check bool) (schema.Entity, []schema.Entity) {
	c, _ := ftm.ToEntity(e, t.kind, im.opt.Now)
	if check {
		for _, d := range c.Dropped {
			im.report.drop(at.String(), d)
		}
	}
	spec := t.kind.Spec()
	if _, ok := im.addresses[c.Address]; !ok && c.Address != "" && check {
		im.report.drop(at.String(), "addressEntity: names an Address the files do not hold")
	}
	if a, ok := im.addresses[c.Address]; ok {
		if _, has := spec.Field("hqCity"); has && a.city != "" && c.Props["hqCity"] == nil {
			c.Props["hqCity"] = a.city
		}
		if a.country != "" && c.Props["country"] == nil {
			c.Props["country"] = a.country
		}
	}
	if !strings.HasPrefix(e.ID, ftm.Prefix) {
		c.Props["ftmId"] = e.ID
	}
	out := schema.Entity{ID: t.id, Kind: t.kind, Props: c.Props, Placeholder: c.Placeholder}
	cites, extra := im.citations(at, e.ID, c.Proof, c.SourceURLs, check)
	if t.kind != schema.Source {
		out.Citations = cites
	}
	return out, extra
}

// edge builds the relationship of an edge record, or reports why it makes
// none.
func (im *FtMImport) edge(at At, e ftm.Entity, check bool, emit func(At, schema.Entity) error, rel func(At, schema.Relationship) error) error {
	l, why := ftm.ToLink(e, im.opt.Now)
	if why != "" {
		if check {
			if strings.HasPrefix(why, "the schema") {
				im.report.NotImported[e.Schema]++
			} else {
				im.report.skip(at.String(), why)
			}
		}
		return nil
	}
	from, ok1 := im.end(at, e, l.From, check)
	to, ok2 := im.end(at, e, l.To, check)
	if !ok1 || !ok2 {
		return nil
	}
	r := schema.Relationship{ID: ftm.ImportRelationshipID(e.ID, from, l.Type, to), Type: l.Type, From: from, To: to,
		Status: im.status, Basis: im.basis, Period: l.Period, Summary: l.Summary, Role: l.Role, Share: l.Share}
	// A record whose ends survgraph's type cannot join (a company as a
	// director) is left out, as FtM allows what survgraph does not.
	if ps := loader.CheckEnds(r, im.endEntity(from), im.endEntity(to)); len(ps) > 0 {
		if check {
			im.report.skip(at.String(), fmt.Sprintf("as %s: %s", l.Type, ps[0].Message))
		}
		return nil
	}
	if check {
		for _, d := range l.Dropped {
			im.report.drop(at.String(), d)
		}
		if l.ShareText != "" {
			im.report.drop(at.String(), fmt.Sprintf("percentage: %q is no share in percent; kept in the summary", l.ShareText))
		}
	}
	cites, extra := im.citations(at, e.ID, l.Proof, l.URLs, check)
	for _, s := range extra {
		if err := emit(at, s); err != nil {
			return err
		}
	}
	if rel == nil {
		return nil
	}
	r.Citations = cites
	if l.Status != "" {
		r.Status = l.Status
	}
	if l.ShareText != "" {
		r.Summary = strings.TrimSpace(r.Summary + " Share: " + l.ShareText + ".")
	}
	return rel(at, r)
}

// end is the entity an edge's end names, or false when the file and the
// graph hold none (a dangling reference) or its record is not imported.
func (im *FtMImport) end(at At, e ftm.Entity, ref string, check bool) (string, bool) {
	t, ok := im.targets[ref]
	switch {
	case !ok:
		if id, known := im.known.ByFtMID(ref); known {
			return id, true
		}
		if id := ftm.ImportID(ref); strings.HasPrefix(ref, ftm.Prefix) {
			if _, known := im.known.Has(id); known {
				return id, true
			}
		}
		if check {
			im.report.Dangling[ref]++
			im.report.skip(at.String(), "a dangling reference: it names an id that neither the file nor the graph holds")
		}
		return "", false
	case t.id == "":
		if check {
			im.report.skip(at.String(), fmt.Sprintf("it joins %s, which is not imported: %s", ref, t.why))
		}
		return "", false
	}
	return t.id, true
}

// sanction builds what a Sanction becomes: a SANCTION legal action, with
// APPLIES_TO the sanctioned entity and IMPOSED_BY the authority. Without a
// sanctioned entity that is imported, it becomes nothing.
func (im *FtMImport) sanction(at At, e ftm.Entity, t target, check bool, emit func(At, schema.Entity) error, rel func(At, schema.Relationship) error) error {
	if len(e.Properties["entity"]) != 1 {
		if check {
			im.report.skip(at.String(), fmt.Sprintf("a Sanction needs one entity; it has %d", len(e.Properties["entity"])))
		}
		return nil
	}
	to, ok := im.end(at, e, e.First("entity"), check)
	if !ok {
		return nil
	}
	authority := im.authorityByName[strings.Join(strings.Fields(e.First("authority")), " ")]
	if t.created {
		ent, extra := im.entity(at, e, t, check)
		for _, x := range append([]schema.Entity{ent}, extra...) {
			if err := emit(at, x); err != nil {
				return err
			}
		}
	}
	if a, ok := im.authorities[authority]; ok {
		if err := emit(at, im.authorityEntity(a, e.ID)); err != nil {
			return err
		}
	}
	if rel == nil {
		return nil
	}
	cites, _ := im.citations(at, e.ID, e.Properties["proof"], e.Properties["sourceUrl"], false)
	c, _ := ftm.ToEntity(e, schema.LegalAction, im.opt.Now)
	period := schema.Period{}
	period.Start, _ = c.Props["filed"].(schema.Date)
	period.End, _ = c.Props["decided"].(schema.Date)
	mk := func(typ schema.RelType, end string) schema.Relationship {
		return schema.Relationship{ID: schema.RelationshipID(t.id, typ, end, ""), Type: typ, From: t.id, To: end,
			Status: im.status, Basis: im.basis, Period: period, Citations: cites}
	}
	if err := rel(at, mk(schema.AppliesTo, to)); err != nil {
		return err
	}
	if authority == "" {
		return nil
	}
	return rel(at, mk(schema.ImposedBy, authority))
}

// authorityEntity is an authority this import creates, citing the first
// Sanction that names it.
func (im *FtMImport) authorityEntity(a authority, ftmID string) schema.Entity {
	props := map[string]any{"name": a.name}
	if a.country != "" {
		props["country"] = a.country
	}
	if a.kind != schema.Government {
		props["description"] = "The authority that imposed sanctions in " + im.source.Name() + ", as the file names it."
	}
	return schema.Entity{ID: a.id, Kind: a.kind, Props: props, Citations: []schema.Citation{im.cite(ftmID)}}
}

func cutText(s string, max int) string { return datasets.Cut(s, max) }

// shortHash is a stable 8-hex-digit digest of s.
func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:4])
}

// Graph runs a pass and gathers its records, for files small enough to
// hold; with the lines each came from.
func (im *FtMImport) Graph(ctx context.Context) (schema.Graph, error) {
	g, _, _, err := collect(ctx, func(ctx context.Context, e func(At, schema.Entity) error, r func(At, schema.Relationship) error) error {
		return im.pass(ctx, false, e, r)
	})
	return g, err
}
