import { requireAccess } from '$lib/server/access';
import { planningView } from '$lib/server/planning-view';
import type { PageServerLoad } from './$types';

// The planning dashboard: demand, supply, gaps, what helped and the referral flow for an area and
// period. Every count of people arrives suppressed from SQL (planning_* functions).
export const load: PageServerLoad = async (event) => {
	requireAccess(event, 'planner');
	return event.locals.withClaims((tx) => planningView(tx, event.url));
};
