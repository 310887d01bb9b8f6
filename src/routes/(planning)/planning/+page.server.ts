import { requireAccess } from '$lib/server/access';
import { planningView } from '$lib/server/planning-view';
import { hexagonPlaces } from '$lib/server/planning-hexagons';
import type { PageServerLoad } from './$types';

// The planning dashboard: demand, supply, gaps, what helped and the referral flow for an area and
// period. Every count of people arrives suppressed from SQL (planning_* functions); the map's
// hexagons get their outlines here.
export const load: PageServerLoad = async (event) => {
	requireAccess(event, 'planner');
	const view = await event.locals.withClaims((tx) => planningView(tx, event.url));
	return { ...view, hexagons: view.dashboard ? hexagonPlaces(view.dashboard.map.cells) : {} };
};
