package datasets

// spyProduct is a product that a vendor's own documents in the Spy Files
// name: in their titles, or in the Product column of Alice Corona's table.
// The list is survgraph's reading of the titles, reviewed like the seed:
// TestSpyFilesProductsAreNamed holds every name and form to a title or a
// Product cell of that vendor, word for word, so that none is invented.
//
// Left out: generic descriptions ("Tactical Interception"), bare model
// numbers ("P10 GPS Device"), and the documents of resellers, whose
// brochures present other makers' products (Griffcomm's say "from ADS";
// ELEXO's are Network Instruments' Observer and Net Optics' taps; Elaman
// resold Gamma's FinFisher).
type spyProduct struct {
	company  string   // as the table writes it
	name     string   // as a title or the Product column writes it
	also     []string // other forms the titles or the Product column use
	category string   // schema Product category; OTHER where the titles do not say
}

var spyProducts = []spyProduct{
	// Gamma: the FinFisher suite (the Product column names most of it).
	{company: "Gamma", name: "FinSpy", category: "SPYWARE"},
	{company: "Gamma", name: "FinSpy Mobile", category: "SPYWARE"},
	{company: "Gamma", name: "FinFly USB", category: "SPYWARE"},
	{company: "Gamma", name: "FinFly LAN", category: "SPYWARE"},
	{company: "Gamma", name: "FinFly Web", category: "SPYWARE"},
	{company: "Gamma", name: "FinFly ISP", category: "SPYWARE"},
	{company: "Gamma", name: "FinFly Net", category: "SPYWARE"},
	{company: "Gamma", name: "FinFly Exploit", category: "SPYWARE"},
	{company: "Gamma", name: "FinFireWire", category: "OTHER"},
	{company: "Gamma", name: "FinIntrusion Kit", also: []string{"FinIntrusionKit"}, category: "OTHER"},
	{company: "Gamma", name: "FinUSB Suite", also: []string{"FinUSB"}, category: "OTHER"},
	{company: "Gamma", name: "FinTraining", category: "OTHER"},

	{company: "Blue Coat", name: "ProxySG", also: []string{"Proxy SG", "SG Appliance", "SGOS", "SG200", "SG510", "SG810", "SG8100", "8100 Series"},
		category: "INTERNET_FILTERING"},
	{company: "Amesys", name: "Eagle", category: "DPI"},
	{company: "Amesys", name: "GLINT", category: "LAWFUL_INTERCEPTION"},
	{company: "Amesys", name: "SMINT", category: "LAWFUL_INTERCEPTION"},
	{company: "Amesys", name: "CASPER-T", category: "LAWFUL_INTERCEPTION"},
	{company: "Amesys", name: "DUMB-0", category: "LAWFUL_INTERCEPTION"},
	{company: "Amesys", name: "NETTAP", category: "LAWFUL_INTERCEPTION"},
	{company: "Amesys", name: "Cryptowall", category: "OTHER"},
	{company: "Hacking Team", name: "Remote Control System", category: "SPYWARE"},
	{company: "Cellebrite", name: "UFED", category: "MOBILE_FORENSICS"},

	{company: "Agnitio", name: "Batvox", category: "OTHER"},
	{company: "Agnitio", name: "BS3", also: []string{"Biometric Speaker Spotting System"}, category: "OTHER"},
	{company: "Agnitio", name: "ASIS", also: []string{"Automatic Speaker Identification System"}, category: "OTHER"},
	{company: "Agnitio", name: "SIFT", also: []string{"Speaker Identification Field Toolkit"}, category: "OTHER"},
	{company: "Alcatel-Lucent", name: "1357 ULIS", also: []string{"Unified Lawful Interception Suite"}, category: "LAWFUL_INTERCEPTION"},
	{company: "Altron", name: "AKOR-3", category: "OTHER"},
	{company: "Altron", name: "AMUR", category: "OTHER"},
	{company: "Altron", name: "EAGLE EYE", category: "OTHER"},
	{company: "Altron", name: "Navitron", category: "LOCATION_TRACKING"},
	{company: "Altron", name: "RADIUS", category: "OTHER"},
	{company: "AMECS", name: "A30", category: "LAWFUL_INTERCEPTION"},
	{company: "Arpege", name: "ISIS-4G", category: "OTHER"},
	{company: "Arpege", name: "IRIS-4G", category: "OTHER"},
	{company: "Arpege", name: "IRMA-4G", category: "OTHER"},
	{company: "Berkeley Varitronics Systems", name: "Wolfhound", category: "OTHER"},
	{company: "Berkeley Varitronics Systems", name: "WatchHound", category: "OTHER"},
	{company: "Cobham", name: "Audioscope", category: "OTHER"},
	{company: "Cobham", name: "Beowulf II", category: "OTHER"},
	{company: "Cobham", name: "Bifrost", category: "OTHER"},
	{company: "Cobham", name: "CAPsure", category: "OTHER"},
	{company: "Cobham", name: "Freja", category: "VIDEO_SURVEILLANCE"},
	{company: "Cobham", name: "INCA Repeater", category: "OTHER"},
	{company: "Cobham", name: "Loke III", category: "OTHER"},
	{company: "Cobham", name: "Loke Nano", category: "OTHER"},
	{company: "Cobham", name: "MEDUSA", category: "OTHER"},
	{company: "Cobham", name: "Orion SkyWeb", category: "LOCATION_TRACKING"},
	{company: "Cobham", name: "Thor", category: "OTHER"},
	{company: "Cobham", name: "TISIS", category: "OTHER"},
	{company: "Crypton-M", name: "TerraNet", category: "OTHER"},
	{company: "Digital Barriers", name: "Mirador", category: "VIDEO_SURVEILLANCE"},
	{company: "Digital Barriers", name: "TVI S400", category: "VIDEO_SURVEILLANCE"},
	{company: "Digital Barriers", name: "Zimiti", category: "OTHER"},
	{company: "EBS Electronic", name: "GPRSpack", category: "OTHER"},
	{company: "Elektron", name: "Centuare", category: "OTHER"},
	{company: "Elektron", name: "VEGA", category: "OTHER"},
	{company: "ETI Group", name: "Evident", category: "OTHER"},
	{company: "Evidence Talks Ltd.", name: "SPEKTOR", category: "MOBILE_FORENSICS"},
	{company: "Expert System", name: "Cogito", also: []string{"CIGOTO"}, category: "OTHER"},
	{company: "Forensic Telecommunications Services", name: "iXAM", category: "MOBILE_FORENSICS"},
	{company: "Forensic Telecommunications Services", name: "SIMiFOR", category: "MOBILE_FORENSICS"},
	{company: "Foxit", name: "FoxReplay", category: "LAWFUL_INTERCEPTION"},
	{company: "Freightwatch Security Net", name: "FSNtracks", category: "LOCATION_TRACKING"},
	{company: "Freightwatch Security Net", name: "Geo F5", category: "LOCATION_TRACKING"},
	{company: "Glimmerglass", name: "CyberSweep", category: "OTHER"},
	{company: "Group 2000", name: "LIMA", category: "LAWFUL_INTERCEPTION"},
	{company: "Human Recognition System", name: "Mtrust", category: "FACIAL_RECOGNITION"},
	{company: "i2 Group", name: "Analyst's Notebook", category: "OTHER"},
	{company: "i2 Group", name: "iBase", category: "OTHER"},
	{company: "i2 Group", name: "TextChart", category: "OTHER"},
	{company: "Ipoque", name: "DPX", category: "DPI"},
	{company: "Ipoque", name: "PACE", category: "DPI"},
	{company: "IPS", name: "Genesi", category: "MONITORING_CENTRE"},
	{company: "Kapow Software", name: "Kapow Katalyst", category: "OTHER"},
	{company: "Mantaro", name: "SessionVista", category: "OTHER"},
	{company: "MEDAV", name: "IFS-8000", category: "OTHER"},
	{company: "NeoSoft", name: "InPoint SMS", category: "OTHER"},
	{company: "NETI", name: "BONGO", category: "LAWFUL_INTERCEPTION"},
	{company: "NetQuest", name: "OptiCop", category: "LAWFUL_INTERCEPTION"},
	{company: "Netronome", name: "SSL Inspector", category: "DPI"},
	{company: "Networks Instruments", name: "Observer", category: "OTHER"},
	{company: "NICE Systems", name: "NiceTrack", category: "OTHER"},
	{company: "Ntrepid", name: "ION", also: []string{"Internet Operations Network"}, category: "OTHER"},
	{company: "Ntrepid", name: "Tartan", category: "OTHER"},
	{company: "OCULUS", name: "GeoTime", category: "OTHER"},
	{company: "Okham Solutions", name: "proceo", category: "OTHER"},
	{company: "Packet Forensics", name: "LI-5", category: "LAWFUL_INTERCEPTION"},
	{company: "PAD Datentechnik", name: "Mobiloc", category: "OTHER"},
	{company: "PLATH", name: "COPS", also: []string{"Communication Profiling System"}, category: "OTHER"},
	{company: "Qinetiq", name: "Ocellus", category: "LOCATION_TRACKING"},
	{company: "Qosmos", name: "ixMachine", category: "DPI"},
	{company: "Qosmos", name: "iX Engine", category: "DPI"},
	{company: "Rheinmental Defence", name: "ARES", category: "OTHER"},
	{company: "Rheinmental Defence", name: "Argos", category: "OTHER"},
	{company: "Rheinmental Defence", name: "Artemis", category: "OTHER"},
	{company: "Safran", name: "MorphoFace Investigate", also: []string{"Morpho Face Investigate"}, category: "FACIAL_RECOGNITION"},
	{company: "Seartech", name: "Njala", category: "OTHER"},
	{company: "Seqtor", name: "J-Alert", category: "OTHER"},
	{company: "Shogi", name: "SCL-5020SE", category: "OTHER"},
	{company: "Speech Technology Center", name: "IKAR Lab", category: "OTHER"},
	{company: "Speech Technology Center", name: "VoiceGrid", category: "OTHER"},
	{company: "Speech Technology Center", name: "SIS II", category: "OTHER"},
	{company: "Speech Technology Center", name: "Gnomes", category: "OTHER"},
	{company: "SPEI", name: "SPEITRACK", category: "OTHER"},
	{company: "SPEI", name: "Sleuth-Hound", category: "OTHER"},
	{company: "SS8", name: "Intellego", category: "OTHER"},
	{company: "Telesoft Technologies", name: "Hinton", category: "OTHER"},
	{company: "Thales", name: "IP Trapper", category: "OTHER"},
	{company: "Thales", name: "CYBELS", category: "OTHER"},
	{company: "TraceSpan", name: "Phantom", category: "LAWFUL_INTERCEPTION"},
	{company: "Utimaco", name: "LIMS", category: "LAWFUL_INTERCEPTION"},
	{company: "Utimaco", name: "DRS", category: "DATA_RETENTION"},
	{company: "VASTech", name: "ZEBRA", category: "OTHER"},
}

// spyFilesNotCompanies are authors in the table that are not vendors, by
// their own names: their documents are Sources, and they make nothing.
var spyFilesNotCompanies = map[string]string{
	"ADAE - Authority for the Assurance of Communication Security and Privacy (Greece)": "a Greek public authority",
	"ETSI TC LI":                              "a technical committee of the standards body ETSI",
	"Enterprise Europe Network":               "a business-support network, not a vendor",
	"ADS UKTI Defence & Secuity Organisation": "ADS, a UK trade body, with UKTI's Defence & Security Organisation, a government unit",
}
