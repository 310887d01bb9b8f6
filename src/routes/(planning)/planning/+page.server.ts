import { requireAccess } from '$lib/server/access';
import { demandByOutcome } from '$lib/server/repos/demand';
import { listOutcomes } from '$lib/server/repos/outcomes';
import type { PageServerLoad } from './$types';

// Supply by outcome: how many published offers serve each outcome (counts of listings, not of
// people), beside demand: journeys that named it in the last 12 months, as demand_by_outcome()
// gives them (under 10 withheld, others rounded to 5). The full dashboard is issue 8.
export const load: PageServerLoad = async (event) => {
	requireAccess(event, 'planner');
	return event.locals.withClaims(async (tx) => {
		const counts = await tx.query<{ outcome_id: string; offers: number }>(
			`select oo.outcome_id, count(*)::int as offers from public.offer_outcomes oo
			 join public.offers o on o.id = oo.offer_id where o.status = 'published' group by oo.outcome_id`
		);
		const byOutcome = new Map(counts.map((row) => [row.outcome_id, row.offers]));
		const outcomes = await listOutcomes(tx);
		const today = new Date();
		const yearAgo = new Date(today.getTime() - 365 * 24 * 60 * 60 * 1000);
		const demand = new Map((await demandByOutcome(tx, yearAgo.toISOString().slice(0, 10), today.toISOString().slice(0, 10))).map((row) => [row.outcome_id, row.journeys]));
		return {
			supply: outcomes.map((outcome) => ({
				outcome, offers: byOutcome.get(outcome.id) ?? 0, journeys: demand.has(outcome.id) ? demand.get(outcome.id)! : undefined
			}))
		};
	});
};
