package export_test

import (
	"github.com/survgraph/survgraph/schema"
)

// The fixture's counts, which tools/roundtrip/check.py is given.
const (
	fixtureNodes = 12
	fixtureEdges = 13
)

// fixture is a small graph that exercises what the writers must get right:
// markup characters, quotes and line breaks in text, non-ASCII names (é,
// Arabic), a character XML forbids, partial dates, open periods, amounts,
// parallel edges, sources in the graph, a source only in the sources map and
// a source found nowhere.
func fixture() (schema.Graph, map[string]schema.Entity) {
	d := schema.MustDate
	cite := func(src, quote string, st schema.Stance) schema.Citation {
		return schema.Citation{Source: src, Quote: quote, Stance: st}
	}
	article := schema.Entity{ID: "lemonde-2011-11-30-amesys", Kind: schema.Source, Props: map[string]any{
		"name": "Amesys : la société qui a « équipé » Kadhafi", "sourceType": "ARTICLE",
		"publisher": "Le Monde", "authors": []string{"Jean-Marc Manach", "Élise Vincent"},
		"publishedAt": d("2011-11-30"), "url": "https://example.org/lemonde/amesys?a=1&b=2", "language": "fr",
	}}
	report := schema.Entity{ID: "fidh-2013-report", Kind: schema.Source, Props: map[string]any{
		"name": `Report on "Eagle" <draft>`, "sourceType": "COURT_FILING", "publisher": "FIDH & LDH",
		"publishedAt": d("2013-06"), "locator": "Annex 3 of the complaint, page 12", "licence": "CC BY 4.0",
	}}
	// Cited, but only in the sources map, not a node of the graph.
	offGraph := schema.Entity{ID: "reuters-2012-07-26-qosmos", Kind: schema.Source, Props: map[string]any{
		"name": "France investigates tech firm accused of aiding Syria", "sourceType": "ARTICLE",
		"publisher": "Reuters", "publishedAt": d("2012"), "url": "https://example.org/reuters/qosmos",
	}}
	sources := map[string]schema.Entity{article.ID: article, offGraph.ID: offGraph}

	g := schema.Graph{Entities: []schema.Entity{
		{ID: "amesys", Kind: schema.Company, Props: map[string]any{
			"name": "Amesys & Bull <SA>", "aliases": []string{"Amesys SAS", "Société \"i2e\""}, "country": "FR",
			"founded": d("1979"), "hqCity": "Aix-en-Provence", "website": "https://example.org/amesys",
			"description": "French firm.\nSold Eagle; said \"no\" to questions.\x01\uFFFE",
		}, Citations: []schema.Citation{
			cite(article.ID, "Amesys a fourni « Eagle » à la Libye", schema.Supports),
			{Source: report.ID, Quote: "Amesys & its parent <Bull>", Locator: "page 4", Stance: schema.Context},
		}},
		{ID: "bull", Kind: schema.Company, Props: map[string]any{"name": "Bull", "country": "FR", "dissolved": d("2014-08")},
			Citations: []schema.Citation{cite(article.ID, "Bull", schema.Context)}},
		{ID: "eagle", Kind: schema.Product, Props: map[string]any{"name": "Eagle", "category": "MONITORING_CENTRE"},
			Citations: []schema.Citation{cite(article.ID, "le système Eagle", schema.Supports)}},
		{ID: "libya-gaddafi-government", Kind: schema.Government, Props: map[string]any{
			"name": "Libya (Gaddafi)", "aliases": []string{"الجماهيرية العربية الليبية"}, "country": "LY", "regime": "Gaddafi era",
		}, Citations: []schema.Citation{cite(article.ID, "le régime de Kadhafi", schema.Context)}},
		{ID: "libya-isa", Kind: schema.Agency, Props: map[string]any{"name": "Internal Security Agency", "country": "LY", "agencyType": "INTELLIGENCE"},
			Citations: []schema.Citation{cite(offGraph.ID, "internal security", schema.Supports)}},
		{ID: "abdullah-senussi", Kind: schema.Person, Props: map[string]any{"name": "عبد الله السنوسي", "aliases": []string{"Abdullah Senussi"}, "role": "Head of military intelligence"},
			Citations: []schema.Citation{cite(article.ID, "Senoussi", schema.Supports)}},
		{ID: "fidh", Kind: schema.Organization, Props: map[string]any{"name": "FIDH", "orgType": "NGO", "website": "https://example.org/fidh"},
			Citations: []schema.Citation{cite(report.ID, "FIDH", schema.Supports)}},
		{ID: "eagle-libya", Kind: schema.Project, Props: map[string]any{"name": "Eagle in Libya", "started": d("2007"), "ended": d("2011-08")},
			Citations: []schema.Citation{cite(article.ID, "2007", schema.Supports)}},
		{ID: "fidh-complaint-amesys", Kind: schema.LegalAction, Props: map[string]any{
			"name": "FIDH complaint against Amesys", "actionType": "COMPLAINT", "filed": d("2011-10-19"),
			"jurisdiction": "FR", "outcome": "Judicial investigation opened in 2012.",
		}, Citations: []schema.Citation{cite(report.ID, "complaint", schema.Supports), cite("unknown-source-2099", "lost", schema.Context)}},
		{ID: "eu-export-ban-2011", Kind: schema.LegalAction, Props: map[string]any{
			"name": "EU export ban on monitoring equipment", "actionType": "EXPORT_BAN", "filed": d("2011-02"), "jurisdiction": "EU",
		}, Citations: []schema.Citation{cite(article.ID, "embargo", schema.Supports)}},
		article,
		report,
	}, Relationships: []schema.Relationship{
		{ID: "amesys.supplied.libya-isa", Type: schema.Supplied, From: "amesys", To: "libya-isa", Status: schema.Reported,
			Period: schema.Period{Start: d("2007"), End: d("2011-02")}, Product: "eagle", Amount: 26500000, Currency: "EUR",
			Summary: "Amesys sold \"Eagle\" to Libya's <ISA> & trained staff;\nsecond line.",
			Citations: []schema.Citation{
				cite(article.ID, "26,5 millions d'euros", schema.Supports),
				cite(offGraph.ID, "Amesys denied it", schema.Disputes),
				{Source: report.ID, Quote: "contract \"Eagle\"", Locator: "annex 3", Stance: schema.Supports},
			}},
		// A parallel edge: the same type between the same pair, another claim.
		{ID: "amesys.supplied.libya-isa.maintenance", Type: schema.Supplied, From: "amesys", To: "libya-isa", Status: schema.Alleged,
			Period: schema.Period{Start: d("2011-12-05")}, Summary: "Maintenance continued.",
			Citations: []schema.Citation{cite(report.ID, "maintenance", schema.Supports)}},
		{ID: "amesys.subsidiary-of.bull", Type: schema.SubsidiaryOf, From: "amesys", To: "bull", Status: schema.Confirmed,
			Period: schema.Period{Start: d("2010-01"), End: d("2012")}, Summary: "Bull owned Amesys.",
			Citations: []schema.Citation{cite(article.ID, "filiale de Bull", schema.Supports)}},
		{ID: "bull.acquired.amesys", Type: schema.Acquired, From: "bull", To: "amesys", Status: schema.Confirmed,
			Period: schema.Period{Start: d("2010-01")}, Summary: "Bull bought Amesys.",
			Citations: []schema.Citation{cite(article.ID, "rachat", schema.Supports)}},
		{ID: "amesys.makes.eagle", Type: schema.Makes, From: "amesys", To: "eagle", Status: schema.Confirmed, Summary: "Amesys makes Eagle.",
			Citations: []schema.Citation{cite(article.ID, "Eagle, d'Amesys", schema.Supports)}},
		{ID: "libya-isa.part-of.libya-gaddafi-government", Type: schema.PartOf, From: "libya-isa", To: "libya-gaddafi-government", Status: schema.Reported,
			Summary: "The ISA was part of the government.", Citations: []schema.Citation{cite(offGraph.ID, "agency", schema.Context)}},
		{ID: "abdullah-senussi.heads.libya-isa", Type: schema.Heads, From: "abdullah-senussi", To: "libya-isa", Status: schema.Reported,
			Period: schema.Period{End: d("2011")}, Summary: "السنوسي headed it.",
			Citations: []schema.Citation{cite(article.ID, "Senoussi", schema.Supports)}},
		{ID: "amesys.participated-in.eagle-libya", Type: schema.ParticipatedIn, From: "amesys", To: "eagle-libya", Status: schema.Reported,
			Summary: "Amesys built it.", Citations: []schema.Citation{cite(article.ID, "Amesys", schema.Supports)}},
		{ID: "libya-isa.deployed.eagle", Type: schema.Deployed, From: "libya-isa", To: "eagle", Status: schema.Reported,
			Summary: "Deployed.", Citations: []schema.Citation{cite(article.ID, "déployé", schema.Supports)}},
		{ID: "fidh-complaint-amesys.targets.amesys", Type: schema.Targets, From: "fidh-complaint-amesys", To: "amesys", Status: schema.Confirmed,
			Summary: "The complaint targets Amesys.", Citations: []schema.Citation{cite(report.ID, "contre Amesys", schema.Supports)}},
		{ID: "fidh-complaint-amesys.filed-by.fidh", Type: schema.FiledBy, From: "fidh-complaint-amesys", To: "fidh", Status: schema.Confirmed,
			Summary: "FIDH filed it.", Citations: []schema.Citation{cite(report.ID, "FIDH", schema.Supports)}},
		{ID: "eu-export-ban-2011.applies-to.libya-gaddafi-government", Type: schema.AppliesTo, From: "eu-export-ban-2011", To: "libya-gaddafi-government",
			Status: schema.Confirmed, Period: schema.Period{Start: d("2011-02"), End: d("2011-09")}, Summary: "The ban applies to Libya.",
			Citations: []schema.Citation{cite(article.ID, "embargo", schema.Supports)}},
		{ID: "fidh-complaint-amesys.cites.fidh-2013-report", Type: schema.Cites, From: "fidh-complaint-amesys", To: "fidh-2013-report", Status: schema.Confirmed,
			Summary: "The complaint relies on the report.", Citations: []schema.Citation{cite(report.ID, "annex", schema.Supports)}},
	}}
	return g, sources
}
