import { serviceClaims, type Db, type Tx } from '../../db/types';
import { schemaProblems } from './check-schema';
import { tableProblems } from './check-tables';
import { describeProblem, describeRecord } from './describe';
import { mapOrganization } from './map-organization';
import { mapService, type MappedService } from './map-service';
import { districtKey, placeLocation, type DistrictCache, type PlacedLocation } from './place-locations';
import { readImportFiles } from './read';
import { problem, refOf, text, warning, type SourceRecord } from './records';
import {
	closeOffer, loadContext, writeLocation, writeOffer, writeOrganisation, type ExistingOffer, type WriteResult
} from './write';
import { noCounts, type ImportCounts, type ImportFile, type ImportMode, type ImportProblem, type ImportProgress, type ImportReport } from './types';

// One import: read every file, check every record, then write in one transaction. In
// all_or_nothing mode any error writes nothing; in valid_only mode invalid records (and the
// services of an invalid organisation) are left out. Either way the import log gets a row.

export interface ImportInput {
	files: ImportFile[];
	/** The directory the data comes from: rows are matched by (source, HSDS id). */
	source: string;
	mode: ImportMode;
	importedBy?: string | null;
	onProgress?: (step: ImportProgress) => void;
}

/** The problems the import log keeps, as the report showed them. */
const loggedProblems = 200;

interface ServicePlan {
	record: SourceRecord;
	organisationSourceId: string;
	mapped: MappedService;
	places: PlacedLocation[];
}

/** A service the source no longer runs, imported here before. */
interface Closing {
	record: SourceRecord;
	existing: ExistingOffer;
	status: 'paused' | 'archived';
}

export async function importOpenReferral(db: Db, input: ImportInput): Promise<ImportReport> {
	const progress = input.onProgress ?? (() => {});
	const source = input.source.trim();
	progress({ step: 'reading', files: input.files.length });
	const read = readImportFiles(input.files);
	const problems: ImportProblem[] = [...read.problems];
	if (!source || [...source].length > 100 || /[\u0000-\u001f\u007f]/.test(source)) {
		problems.push(problem({ type: 'file', id: null, name: input.files.map((f) => f.name).join(', ') || null }, null, 'source_invalid', { source: source.replace(/[\u0000-\u001f\u007f]/g, '\uFFFD') }));
	}
	// An empty file or a header-only table is not a successful import of nothing.
	if (read.records.length === 0 && !read.problems.some(isError)) {
		problems.push(problem({ type: 'file', id: null, name: input.files.map((f) => f.name).join(', ') || null }, null, 'nothing_to_import'));
	}
	progress({ step: 'validating', records: read.records.length });
	const invalid = new Set<SourceRecord>();
	for (const record of read.records) {
		const found = [...schemaProblems(record), ...tableProblems(record)];
		if (found.some(isError)) invalid.add(record);
		problems.push(...found);
	}

	const report = (outcome: ImportReport['outcome'], counts: ImportCounts): ImportReport => ({ outcome, source, mode: input.mode, counts, problems });
	let result: ImportReport;
	if (problems.some((p) => isError(p) && !['organization', 'service'].includes(p.record.type))) {
		// A broken file or page, or no source: nothing in it can be trusted to be what it says.
		result = report('rejected', noCounts());
	} else {
		try {
			result = await db.withClaims(serviceClaims, async (tx) => {
				const counts = await planAndWrite(tx, source, input.mode, read.records, invalid, problems, progress);
				const done = report(counts ? 'imported' : 'rejected', counts ?? noCounts());
				if (counts) await logImport(tx, input, done);
				return done;
			});
		} catch (error) {
			problems.push(problem({ type: 'file', id: null, name: input.files.map((f) => f.name).join(', ') || null }, null, 'database_refused', {
				detail: error instanceof Error ? error.message : String(error)
			}));
			result = report('rejected', noCounts());
		}
	}
	if (result.outcome === 'rejected') await db.withClaims(serviceClaims, (tx) => logImport(tx, input, result));
	progress({ step: 'done', outcome: result.outcome });
	return result;
}

const isError = (p: ImportProblem) => p.severity === 'error';

/** The counts of what was written, or null when all_or_nothing found an error (and nothing was written). */
async function planAndWrite(
	tx: Tx, source: string, mode: ImportMode, records: SourceRecord[], invalid: Set<SourceRecord>, problems: ImportProblem[],
	progress: (step: ImportProgress) => void
): Promise<ImportCounts | null> {
	const counts = noCounts();
	const context = await loadContext(tx, source);
	const organisations = new Map(records.filter((r) => r.type === 'organization').map((r) => [String(r.data.id), r]));
	const claimed = new Set<string>();
	const plans: ServicePlan[] = [];
	const closings: Closing[] = [];
	// Places imported before keep their district unless their point moved.
	const districts: DistrictCache = new Map([...context.locations.values()].map((l) => [districtKey(l.fields.lat, l.fields.lng), l.fields.outcode]));

	for (const record of records.filter((r) => r.type === 'organization' && !invalid.has(r))) {
		if (context.organisations.get(String(record.data.id))?.claimed) claimed.add(String(record.data.id));
	}
	for (const record of records.filter((r) => r.type === 'service')) {
		if (invalid.has(record)) {
			counts.recordsSkipped++;
			continue;
		}
		const organisationSourceId = String(record.data.organization_id);
		const organisation = organisations.get(organisationSourceId);
		const existing = context.offers.get(String(record.data.id));
		if (!organisation && !context.organisations.has(organisationSourceId)) {
			problems.push(problem(refOf(record), 'organization_id', 'organization_not_found', { organization: organisationSourceId }));
			counts.recordsSkipped++;
			continue;
		}
		if (organisation && invalid.has(organisation)) {
			if (mode === 'valid_only') problems.push(problem(refOf(record), 'organization', 'organization_invalid'));
			counts.recordsSkipped++;
			continue;
		}
		if (context.organisations.get(organisationSourceId)?.claimed || existing?.claimed) {
			claimed.add(organisationSourceId);
			continue;
		}
		const status = text(record.data, 'status');
		if (status !== 'active') {
			if (existing) {
				problems.push(warning(refOf(record), 'status', 'service_closed', { status: status ?? '' }));
				closings.push({ record, existing, status: status === 'temporarily closed' ? 'paused' : 'archived' });
			} else {
				problems.push(warning(refOf(record), 'status', 'service_not_active', { status: status ?? '' }));
				counts.recordsSkipped++;
			}
			continue;
		}
		const mapped = mapService(record, context.mappings, context.searchableOutcomes);
		problems.push(...mapped.problems);
		const places: PlacedLocation[] = [];
		for (const place of mapped.places) {
			const placed = await placeLocation(tx, place, (field, code, params) => problems.push(warning(refOf(record), field, code, params)), districts);
			if (placed) places.push(placed);
		}
		plans.push({ record, organisationSourceId, mapped, places });
	}
	for (const id of claimed) {
		const record = organisations.get(id);
		problems.push(warning(record ? refOf(record) : { type: 'organization', id, name: null }, null, 'organization_claimed'));
	}
	counts.claimedLeftAlone = claimed.size;
	if (mode === 'all_or_nothing' && problems.some(isError)) return null;

	const organisationsToWrite = [...organisations.values()].filter((r) => !invalid.has(r) && !claimed.has(String(r.data.id)));
	counts.recordsSkipped += [...organisations.values()].filter((r) => invalid.has(r)).length;
	const total = organisationsToWrite.length + plans.length + closings.length;
	let done = 0;
	const step = () => progress({ step: 'writing', done: ++done, total });
	const organisationIds = new Map([...context.organisations].map(([sourceId, o]) => [sourceId, o.id]));
	for (const record of organisationsToWrite) {
		const sourceId = String(record.data.id);
		const written = await writeOrganisation(tx, source, sourceId, mapOrganization(record.data), context.organisations.get(sourceId));
		organisationIds.set(sourceId, written.id);
		count(counts, 'organisations', written.result);
		step();
	}
	for (const plan of plans) {
		const organisationId = organisationIds.get(plan.organisationSourceId)!;
		const existing = context.offers.get(String(plan.record.data.id));
		const locations = [];
		for (const place of plan.places) locations.push(await writeLocation(tx, source, organisationId, place, context));
		const { status, outcomes } = statusOf(plan.mapped, existing);
		const result = await writeOffer(tx, source, {
			sourceId: String(plan.record.data.id), organisationId, fields: plan.mapped.offer, status, outcomes,
			sourceTerms: plan.mapped.unmappedTerms, schedules: plan.mapped.schedules, locations: [...new Set(locations)].sort()
		}, existing);
		count(counts, 'services', result);
		if (status === 'pending') counts.servicesToTag++;
		step();
	}
	for (const closing of closings) {
		count(counts, 'services', await closeOffer(tx, closing.existing, closing.status));
		step();
	}
	return counts;
}

/**
 * Published when the source's terms map to an outcome. When they map to none, the outcomes a
 * moderator has since tagged stay, and so does their decision to publish: a re-import never
 * takes back a moderator's work. An offer a moderator hid stays hidden.
 */
function statusOf(mapped: MappedService, existing: ExistingOffer | undefined): { status: string; outcomes: string[] } {
	const outcomes = mapped.outcomes.length ? mapped.outcomes : (existing?.outcomes ?? []);
	// A moderator's decision stands: hidden (taken down) or draft (turned back) stays so, whatever the source says.
	if (existing?.status === 'hidden' || existing?.status === 'draft') return { status: existing.status, outcomes };
	if (mapped.outcomes.length) return { status: 'published', outcomes };
	return { status: existing?.status === 'published' && outcomes.length ? 'published' : 'pending', outcomes };
}

function count(counts: ImportCounts, what: 'organisations' | 'services', result: WriteResult) {
	const key = `${what}${result[0]!.toUpperCase()}${result.slice(1)}` as keyof ImportCounts;
	counts[key]++;
}

/** PostgreSQL keeps no NUL in text, nor `\\u0000` in jsonb: the log is for reading, so it shows U+FFFD instead. */
const storable = (value: string) => value.replaceAll('\u0000', '\uFFFD');

async function logImport(tx: Tx, input: ImportInput, report: ImportReport) {
	const c = report.counts;
	const problems = report.problems.slice(0, loggedProblems).map((p) => ({
		record: describeRecord(p.record, 'en'), field: p.field, problem: describeProblem(p, 'en'), code: p.code, severity: p.severity
	}));
	// The problems go in as text cast to jsonb: postgres.js would store a string parameter as one JSON string.
	await tx.query(
		`insert into public.openreferral_imports (source, files, mode, outcome, imported_by, organisations_added, organisations_updated,
		                                         services_added, services_updated, services_to_tag, records_skipped, problems)
		 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::text::jsonb)`,
		[
			storable([...report.source].slice(0, 100).join('')) || '(none)', input.files.slice(0, 50).map((f) => storable(f.name)), report.mode, report.outcome,
			input.importedBy ?? null, c.organisationsAdded, c.organisationsUpdated, c.servicesAdded, c.servicesUpdated, c.servicesToTag,
			c.recordsSkipped, JSON.stringify(problems, (_, value: unknown) => (typeof value === 'string' ? storable(value) : value))
		]
	);
}

