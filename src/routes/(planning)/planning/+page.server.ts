import { requireAccess } from '$lib/server/access';
import { listOutcomes } from '$lib/server/repos/outcomes';
import type { PageServerLoad } from './$types';

// Supply by outcome: how many published offers serve each outcome. Counts of listings, not of people.
export const load: PageServerLoad = async (event) => {
	requireAccess(event, 'planner');
	return event.locals.withClaims(async (tx) => {
		const counts = await tx.query<{ outcome_id: string; offers: number }>(
			`select oo.outcome_id, count(*)::int as offers from public.offer_outcomes oo
			 join public.offers o on o.id = oo.offer_id where o.status = 'published' group by oo.outcome_id`
		);
		const byOutcome = new Map(counts.map((row) => [row.outcome_id, row.offers]));
		const outcomes = await listOutcomes(tx);
		return { supply: outcomes.map((outcome) => ({ outcome, offers: byOutcome.get(outcome.id) ?? 0 })) };
	});
};
