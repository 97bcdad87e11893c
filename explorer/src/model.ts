// The schema's enums as the explorer shows them. tests/explorer.test.mjs checks
// these lists against the live schema, so a new kind or type is noticed.

export const KINDS = [
  'COMPANY', 'PRODUCT', 'GOVERNMENT', 'AGENCY', 'LEGAL_ACTION',
  'ORGANIZATION', 'PERSON', 'PROJECT', 'SOURCE',
] as const;
export type Kind = (typeof KINDS)[number];

export const KIND_LABEL: Record<Kind, string> = {
  COMPANY: 'Company',
  PRODUCT: 'Product',
  GOVERNMENT: 'Government',
  AGENCY: 'Agency',
  LEGAL_ACTION: 'Legal action',
  ORGANIZATION: 'Organization',
  PERSON: 'Person',
  PROJECT: 'Project',
  SOURCE: 'Source',
};

// Node shapes in the network (colour is not the only cue). The colours live
// in style.css as --kind-NAME, read at run time, so there is one palette.
export const KIND_SHAPE: Record<Kind, string> = {
  COMPANY: 'ellipse',
  PRODUCT: 'diamond',
  GOVERNMENT: 'hexagon',
  AGENCY: 'octagon',
  LEGAL_ACTION: 'rectangle',
  ORGANIZATION: 'round-rectangle',
  PERSON: 'triangle',
  PROJECT: 'star',
  SOURCE: 'rhomboid',
};

export const STATUSES = ['ALLEGED', 'REPORTED', 'CONFIRMED', 'DENIED', 'ADJUDICATED'] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_HELP: Record<Status, string> = {
  ALLEGED: 'Asserted by an accuser, such as a complaint or an NGO, not independently established.',
  REPORTED: 'Reported by journalists, researchers or officials on their own evidence.',
  CONFIRMED: 'Established by a primary document or admitted by the party concerned.',
  DENIED: 'A party denies it and no source establishes it.',
  ADJUDICATED: 'Established by a court ruling.',
};

export const STATUS_LINE: Record<Status, string> = {
  ALLEGED: 'dashed',
  REPORTED: 'solid',
  CONFIRMED: 'thick',
  DENIED: 'dotted grey',
  ADJUDICATED: 'double, dark',
};

export const REL_TYPES = [
  'ACQUIRED', 'APPLIES_TO', 'CITES', 'COMMISSIONED', 'DEPLOYED', 'FILED_BY',
  'HANDLED_BY', 'HEADS', 'IMPOSED_BY', 'MAKES', 'OWNS', 'PARTICIPATED_IN',
  'PARTNERED_WITH', 'PART_OF', 'RELATED_TO', 'REPRESENTS', 'SUBSIDIARY_OF',
  'SUPPLIED', 'TARGETS', 'USED_IN',
] as const;
export type RelType = (typeof REL_TYPES)[number];

// [as seen from the "from" end, as seen from the "to" end]
export const REL_VERB: Record<RelType, [string, string]> = {
  ACQUIRED: ['acquired', 'acquired by'],
  APPLIES_TO: ['applies to', 'restricted by'],
  CITES: ['cites', 'cited by'],
  COMMISSIONED: ['commissioned', 'commissioned by'],
  DEPLOYED: ['deployed', 'deployed by'],
  FILED_BY: ['filed by', 'filed'],
  HANDLED_BY: ['handled by', 'handles'],
  HEADS: ['heads', 'headed by'],
  IMPOSED_BY: ['imposed by', 'imposed'],
  MAKES: ['makes', 'made by'],
  OWNS: ['owns shares in', 'shares held by'],
  PARTICIPATED_IN: ['participated in', 'had as participant'],
  PARTNERED_WITH: ['partnered with', 'partnered with'],
  PART_OF: ['part of', 'has as part'],
  RELATED_TO: ['related to', 'related to'],
  REPRESENTS: ['represents', 'represented by'],
  SUBSIDIARY_OF: ['subsidiary of', 'parent of'],
  SUPPLIED: ['supplied', 'supplied by'],
  TARGETS: ['targets', 'targeted by'],
  USED_IN: ['used in', 'uses'],
};

export const REL_HELP: Record<RelType, string> = {
  ACQUIRED: 'Bought the other company or the business in question.',
  APPLIES_TO: 'The sanction, ban or regulation restricts this party, product or destination.',
  CITES: 'The legal action or document relies on that document as evidence.',
  COMMISSIONED: 'Ordered or paid for the project.',
  DEPLOYED: 'Put the product or project into use.',
  FILED_BY: 'The legal action was brought by this party.',
  HANDLED_BY: 'The prosecutor, court or authority in charge of the legal action.',
  HEADS: 'Leads or directs the government, body, company or organization, in the role the claim gives.',
  IMPOSED_BY: 'The sanction, ban or regulation was imposed or adopted by this authority.',
  MAKES: 'Develops, makes or sells the product under its name.',
  OWNS: 'Holds shares in the company, with the share held where known.',
  PARTICIPATED_IN: 'Took part in the project as contractor, subcontractor, integrator or supplier.',
  PARTNERED_WITH: 'Worked with the other company as partner, reseller or integrator.',
  PART_OF: 'The body belongs to that government.',
  RELATED_TO: 'The legal actions belong to the same matter; or the people or organisations are related (family, associates).',
  REPRESENTS: 'Speaks or acts for the company, organization or body.',
  SUBSIDIARY_OF: 'Is owned or controlled by the other company.',
  SUPPLIED: 'Sold, delivered or provided surveillance technology or services to a government or one of its bodies.',
  TARGETS: 'The legal action is brought against, or investigates, this party.',
  USED_IN: 'The product was part of the project.',
};

export const EXPORT_FORMATS: { value: string; label: string }[] = [
  { value: 'graphml', label: 'GraphML (Gephi, yEd, NetworkX)' },
  { value: 'gexf', label: 'GEXF (Gephi)' },
  { value: 'csv', label: 'CSV tables (zip)' },
  { value: 'cytoscape', label: 'Cytoscape JSON' },
  { value: 'ftm', label: 'FollowTheMoney (Aleph)' },
];

export const FIRST_YEAR = 1995;
export const THIS_YEAR = new Date().getFullYear();

export function isKind(s: string): s is Kind {
  return (KINDS as readonly string[]).includes(s);
}
export function isRelType(s: string): s is RelType {
  return (REL_TYPES as readonly string[]).includes(s);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Formats a partial date (YYYY, YYYY-MM, YYYY-MM-DD) for reading. */
export function fmtDate(d: string | null | undefined): string {
  if (!d) return '';
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(d);
  if (!m) return d;
  const [, y, mo, da] = m;
  if (!mo) return y;
  const mon = MONTHS[Number(mo) - 1] ?? mo;
  if (!da) return `${mon} ${y}`;
  return `${Number(da)} ${mon} ${y}`;
}

/** A claim's period in words. */
export function fmtPeriod(start?: string | null, end?: string | null): string {
  if (start && end) return `${fmtDate(start)} – ${fmtDate(end)}`;
  if (start) return `from ${fmtDate(start)}`;
  if (end) return `until ${fmtDate(end)}`;
  return 'no dates given';
}

export function fmtAmount(amount?: number | null, currency?: string | null): string {
  if (amount == null) return '';
  const n = new Intl.NumberFormat('en', { maximumFractionDigits: 0 }).format(amount);
  return currency ? `${n} ${currency}` : n;
}

export function humanEnum(s: string): string {
  const t = s.toLowerCase().replace(/_/g, ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
}

// What a claim rests on (the API's ClaimBasis), in words.
export const BASIS_LABEL: Record<string, string> = {
  DOCUMENT: 'document',
  LEAK: 'leak',
  COURT_RECORD: 'court record',
  EXPORT_STATISTICS: 'export statistics',
  COMPANY_STATEMENT: 'company statement',
  MEASUREMENT: 'measurement',
  PRESS: 'press',
};

export const BASIS_HELP: Record<string, string> = {
  DOCUMENT: 'A contract, procurement record, official or company document made public other than by a leak.',
  LEAK: 'Leaked internal documents of a vendor or a customer.',
  COURT_RECORD: 'A court filing, ruling or record of proceedings.',
  EXPORT_STATISTICS: 'Government export-licence statistics: a licence granted, not a delivery seen.',
  COMPANY_STATEMENT: "The company's or the customer's own statement.",
  MEASUREMENT: 'A network measurement: a device or server found by scanning, or forensics of an infection; it attributes use, not a sale.',
  PRESS: 'Reporting by journalists, NGOs or researchers on evidence the record does not classify further.',
};
