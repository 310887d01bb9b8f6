import { parsePlanningInput, readPlanningInput, type PlanningInput, type PlanningProblem } from '$lib/domain/planning';
import type { Tx } from './db/types';
import { listOutcomes } from './repos/outcomes';
import { districtsOf, listAuthorities, loadDashboard, type AreaProblem, type Authority, type Dashboard } from './repos/planning';

// One reading of the planner's choice for the dashboard page and its CSV downloads, so both show
// exactly the same (suppressed) figures.

export interface PlanningView {
	input: PlanningInput;
	problems: (PlanningProblem | AreaProblem)[];
	/** District codes typed that the directory does not know, to name them back. */
	unknownDistricts: string[];
	authorities: Authority[];
	outcomes: Awaited<ReturnType<typeof listOutcomes>>;
	dashboard: Dashboard | null;
}

export async function planningView(tx: Tx, url: URL, today = new Date()): Promise<PlanningView> {
	const input = readPlanningInput(url.searchParams, today);
	const authorities = await listAuthorities(tx);
	const outcomes = await listOutcomes(tx);
	const demandOutcomes = new Set(outcomes.filter((outcome) => outcome.category !== 'process').map((outcome) => outcome.id));
	const parsed = parsePlanningInput(input, demandOutcomes);
	const view = { input, authorities, outcomes, unknownDistricts: [] as string[] };
	if (!parsed.choice) return { ...view, problems: parsed.problems, dashboard: null };
	const area = await districtsOf(tx, parsed.choice.area);
	if (area.problem) return { ...view, problems: [area.problem], unknownDistricts: area.unknown, dashboard: null };
	return { ...view, problems: [], dashboard: await loadDashboard(tx, parsed.choice, area.districts) };
}
