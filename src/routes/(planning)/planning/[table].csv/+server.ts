import { m } from '$lib/paraglide/messages';
import { requireAccess } from '$lib/server/access';
import { planningView } from '$lib/server/planning-view';
import { centreText, hexagonPlaces } from '$lib/server/planning-hexagons';
import { csvFilename, isPlanningTable } from '$lib/domain/planning-display';
import { inTaxonomyOrder, outcomeLabels, planningTables, problemText, tableCsv } from '$lib/planning-messages';
import type { RequestHandler } from './$types';

// One dashboard table as CSV, from the page's own query string and the same (suppressed) figures,
// headed in the request's language (/cy/planning/demand.csv is Welsh).
const plain = (status: number, text: string) =>
	new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'private, no-store' } });

export const GET: RequestHandler = async (event) => {
	requireAccess(event, 'planner');
	const name = event.params.table;
	if (!isPlanningTable(name)) return plain(404, m.planning_csv_unknown_table());
	const view = await event.locals.withClaims((tx) => planningView(tx, event.url));
	if (!view.dashboard) {
		return plain(400, m.planning_csv_problem({ problems: view.problems.map((problem) => problemText(problem, view.unknownDistricts)).join(' ') }));
	}
	const places = name === 'map' ? hexagonPlaces(view.dashboard.map.cells) : {};
	const labels = outcomeLabels(view.outcomes);
	const table = planningTables(inTaxonomyOrder(view.dashboard, labels), labels, (h3) => centreText(places[h3]))[name];
	// The byte order mark lets spreadsheet programs read the file as UTF-8 (ŵ, ŷ, â in Welsh).
	return new Response(`\uFEFF${tableCsv(table, view.dashboard, view.input)}`, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${csvFilename(name, view.input)}"`,
			'cache-control': 'private, no-store'
		}
	});
};
